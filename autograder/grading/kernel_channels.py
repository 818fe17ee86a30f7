"""The grader's end of the kernel's channels: messages sized before they are decoded.

The kernel is the learner's process, so what it sends is too. Without limits, a cell that
displays sixty values of 20 MiB makes the grader receive, decode and then discard each one, and
the grader's memory grows past a gigabyte. Here:

* every socket refuses frames over ``MAX_FRAME_BYTES`` (ZeroMQ's ``MAXMSGSIZE``: the frame is
  never allocated, the connection is dropped and made again), and keeps at most
  ``RECEIVE_QUEUE`` messages waiting (``RCVHWM``), so what is in flight stays bounded;
* an output message larger than ``output_cap`` is sized from its frame lengths and handed on
  with its content replaced by ``{DROPPED: size}``: its headers are read, its content never is.
  The notebook client counts that size against the cell's and the notebook's output limits.
"""

from __future__ import annotations

from typing import Any, cast

import zmq
import zmq.asyncio
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type, default

__all__ = ["DROPPED", "MAX_FRAME_BYTES", "RECEIVE_QUEUE", "GradingKernelClient", "SizedIOPubChannel"]

# One frame of a legitimate reply: a hidden test's response body (8 MiB, base64) and its headers.
MAX_FRAME_BYTES = 16 * 1024 * 1024
RECEIVE_QUEUE = 16
# A header, parent header or metadata frame is a few hundred bytes in any real message.
MAX_HEADER_FRAME_BYTES = 64 * 1024
DROPPED = "autograder_dropped_bytes"


class SizedIOPubChannel(AsyncZMQSocketChannel):
    """The iopub channel: messages over ``output_cap`` bytes arrive with their content dropped."""

    output_cap = 256 * 1024

    # Async like AsyncZMQSocketChannel._recv, which jupyter_client marks type: ignore[override] too.
    async def _recv(self, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        assert self.socket is not None
        while True:
            frames = await self.socket.recv_multipart(copy=False, **kwargs)
            message = self._sized(frames)
            if message is not None:
                return message

    def _sized(self, frames: list[zmq.Frame]) -> dict[str, Any] | None:
        """The message, decoded when small; else its headers and ``{DROPPED: size}``; ``None`` if malformed."""
        size = sum(len(frame.buffer) for frame in frames)
        if size <= self.output_cap:
            _, parts = self.session.feed_identities([frame.bytes for frame in frames])
            return self.session.deserialize(parts)
        try:
            _, unpacked = self.session.feed_identities(frames, copy=False)
        except ValueError:
            return None
        # With copy=False the parts are zmq Frames; feed_identities is typed for both modes.
        parts = cast("list[zmq.Frame]", unpacked)
        # parts: signature, header, parent header, metadata, content, buffers...
        if len(parts) < 5 or any(len(part.buffer) > MAX_HEADER_FRAME_BYTES for part in parts[1:4]):
            return None
        try:
            header, parent, metadata = (self.session.unpack(part.bytes) for part in parts[1:4])
        except ValueError:
            return None
        if not isinstance(header, dict) or not isinstance(parent, dict):
            return None
        return {
            "header": header,
            "msg_id": header.get("msg_id"),
            "msg_type": header.get("msg_type"),
            "parent_header": parent,
            "metadata": metadata if isinstance(metadata, dict) else {},
            "content": {DROPPED: size},
            "buffers": [],
        }


class GradingKernelClient(AsyncKernelClient):
    """A kernel client whose sockets bound frame size and queue length, with the sized iopub channel."""

    iopub_channel_class = Type(SizedIOPubChannel)

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        context = super()._context_default()
        # Defaults for every socket made from this context afterwards (all the client's channels).
        context.setsockopt(zmq.MAXMSGSIZE, MAX_FRAME_BYTES)
        context.setsockopt(zmq.RCVHWM, RECEIVE_QUEUE)
        return context
