"""The grader's end of the kernel's channels: big messages sized from frames, odd ones ignored."""

import json

import zmq
from jupyter_client.session import Session

from autograder.grading.kernel_channels import DROPPED, MAX_FRAME_BYTES, GradingKernelClient, SizedIOPubChannel

SESSION = Session(key=b"secret")


def channel(cap: int = 1024) -> SizedIOPubChannel:
    sized = object.__new__(SizedIOPubChannel)  # no socket needed to size frames
    sized.session = SESSION
    sized.output_cap = cap
    return sized


def frames(content: dict, **header_padding: str) -> list[zmq.Frame]:
    message = SESSION.msg("stream", content=content)
    message["metadata"].update(header_padding)
    return [zmq.Frame(part) for part in SESSION.serialize(message)]


def test_a_small_message_is_decoded_whole():
    """Under the cap, the message arrives as jupyter_client would deliver it."""
    message = channel()._sized(frames({"name": "stdout", "text": "hello"}))
    assert message is not None
    assert message["msg_type"] == "stream"
    assert message["content"] == {"name": "stdout", "text": "hello"}


def test_a_big_message_keeps_its_headers_and_only_the_size_of_its_content():
    """Over the cap, the headers are read and the content is replaced by its size in bytes."""
    raw = frames({"name": "stdout", "text": "x" * 5000})
    message = channel()._sized(raw)
    assert message is not None
    assert message["msg_type"] == "stream"
    assert message["header"]["msg_id"] == json.loads(raw[2].bytes)["msg_id"]
    assert message["content"] == {DROPPED: sum(len(frame.buffer) for frame in raw)}


def test_a_big_message_with_a_padded_header_is_ignored():
    """Headers are a few hundred bytes: a 100 kB metadata frame marks a message made to hurt."""
    assert channel()._sized(frames({"text": "x" * 5000}, padding="p" * 100_000)) is None


def test_frames_that_are_not_a_message_are_ignored():
    """Too few frames, or header frames that are not JSON, give no message (and no exception)."""
    sized = channel(cap=10)
    assert sized._sized([zmq.Frame(b"<IDS|MSG>"), zmq.Frame(b"sig"), zmq.Frame(b"x" * 50)]) is None
    parts = [zmq.Frame(b"<IDS|MSG>"), zmq.Frame(b"sig"), *(zmq.Frame(b"not json") for _ in range(4))]
    assert sized._sized(parts) is None


def test_the_clients_sockets_refuse_huge_frames_and_long_queues():
    """Every socket of the grader's kernel client gets ZeroMQ's size and queue limits."""
    client = GradingKernelClient()
    try:
        socket = client.context.socket(zmq.SUB)
        assert socket.getsockopt(zmq.MAXMSGSIZE) == MAX_FRAME_BYTES
        assert socket.getsockopt(zmq.RCVHWM) == 16
        socket.close()
    finally:
        client.context.destroy()
