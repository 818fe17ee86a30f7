"""The trusted-side fixtures: same behaviour as in-process, and garbage from the kernel is a failed test."""

import asyncio
import io
import json
import threading
from typing import cast

import pytest

from autograder.grading.kernel import KernelDied, KernelStuck, SandboxedKernel
from autograder.grading.kernel_client import KernelBridge, ProxySession
from autograder.runtime import AppSession
from autograder.runtime.harness import load_app
from autograder.runtime.kernel_server import Server
from autograder.runtime.remote import check_reply
from autograder.runtime.wire import AppCrashed
from tests.autograder.builders import notes_cells

NOTES = load_app("\n\n".join(notes_cells("app")), name="notes_app_for_proxy_tests")
APP_CONFIG = {"UPLOAD_FOLDER": "{tmp}/uploads"}


class ServerBridge:
    """A bridge to an in-process kernel-side Server, through JSON text both ways like the real one."""

    def __init__(self, reply_filter=None):
        self.server = Server(NOTES.create_app, APP_CONFIG)
        self.reply_filter = reply_filter or (lambda op, reply: reply)

    def call(self, op, **args):
        payload = json.loads(json.dumps(self.server.handle(json.dumps({"op": op, "args": args})).payload))
        # The real bridge's own check of a reply's shape, so garbled replies meet the grader's code.
        return check_reply(self.reply_filter(op, payload))


def _conversation(session):
    client = session.client
    seen = [client.post("/notes", json={"text": "milk"}), client.get("/notes/1"), client.get("/nope")]
    seen.append(client.post("/notes", data="{bad", content_type="application/json"))
    seen.append(client.post("/notes/1/attachment", data={"file": (io.BytesIO(b"x"), "../a.txt")}))
    seen.append(session.make_client(MAX_NOTE_LENGTH=1).post("/notes", json={"text": "ab"}))
    seen.append(client.fresh().delete("/notes/1"))
    client.post("/notes", json={"text": "eggs"})
    client.post("/notes/2/email", json={"to": "a@example.com"})
    return [(r.status_code, dict(r.headers), r.data) for r in seen], list(session.outbox)


def test_proxy_and_in_process_fixtures_behave_identically():
    """The same requests give the same responses and mails through the proxy and in-process."""
    with AppSession(NOTES.create_app, APP_CONFIG) as local:
        expected = _conversation(local)
    proxy = ProxySession(ServerBridge())
    try:
        assert _conversation(proxy) == expected
    finally:
        proxy.close()


def test_the_proxy_records_requests_for_feedback():
    """Each request is logged as 'METHOD path → status' for the learner's feedback."""
    proxy = ProxySession(ServerBridge())
    proxy.client.get("/notes/5")
    assert proxy.log.last == "GET /notes/5 → 404"


def test_an_outbox_proxy_is_live():
    """The proxy outbox reflects mails sent after it was obtained."""
    proxy = ProxySession(ServerBridge())
    outbox = proxy.outbox
    assert len(outbox) == 0 and outbox == []
    proxy.client.post("/notes", json={"text": "a"})
    proxy.client.post("/notes/1/email", json={"to": "b@example.com"})
    assert [mail["recipients"] for mail in outbox] == [["b@example.com"]]


def _garbling(op, garbage) -> ProxySession:
    """A proxy session whose every reply to ``op`` is ``garbage``; other replies are the server's."""
    return ProxySession(ServerBridge(lambda called, reply: garbage if called == op else reply))


# What a hidden test does that makes each call: the client's first use asks for an app.
USES = {
    "request": lambda proxy: proxy.client.get("/notes").status_code,
    "outbox": lambda proxy: len(proxy.outbox),
    "new_app": lambda proxy: proxy.client,
}


@pytest.mark.parametrize(
    ("op", "garbage", "message"),
    [
        (
            "request",
            {"ok": {"status_code": "200", "headers": [], "body": ""}},
            "garbled response: the reply has no valid status code",
        ),
        ("request", {"ok": {"status_code": 200, "headers": [], "body": "%%%"}}, "garbled response: invalid base64"),
        ("request", {"ok": None}, "garbled response: the reply is not an object"),
        ("outbox", {"ok": [{"subject": 1}]}, "garbled outbox: the outbox reply has an invalid mail"),
        ("new_app", {"ok": "not an id"}, "an answer this side does not understand"),
        ("request", ["ok", 200], "an answer this side does not understand"),
        ("request", {"ok": None, "error": "boom"}, "an answer this side does not understand"),
    ],
    ids=[
        "status_code_not_a_number",
        "body_not_base64",
        "reply_not_an_object",
        "mail_with_a_bad_field",
        "app_id_not_a_number",
        "reply_not_a_mapping",
        "reply_with_keys_besides_ok",
    ],
)
def test_garbled_replies_become_app_crashed(op, garbage, message):
    """Whatever the kernel sends back, a wrong shape is AppCrashed in the test, not a grader error."""
    proxy = _garbling(op, garbage)
    with pytest.raises(AppCrashed, match=message):
        USES[op](proxy)


@pytest.mark.parametrize(
    ("op", "garbage", "other", "answer"),
    [
        ("request", {"ok": None}, "outbox", 0),
        ("outbox", {"ok": [{"subject": 1}]}, "request", 200),
    ],
    ids=["garbled_response", "garbled_outbox"],
)
def test_a_garbled_reply_fails_only_the_calls_it_answers(op, garbage, other, answer):
    """With one kind of reply garbled, the fixtures' other calls still answer normally."""
    assert USES[other](_garbling(op, garbage)) == answer


class FakeKernel:
    """A kernel stand-in whose evaluate() answers or raises what the test says."""

    def __init__(self, answer):
        self.answer = answer

    async def evaluate(self, code, expression, timeout):
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.fixture
def loop():
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, daemon=True)
    thread.start()
    yield running
    running.call_soon_threadsafe(running.stop)
    thread.join()
    running.close()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (TimeoutError(), "did not answer within 4 s"),
        (KernelStuck("stuck"), "could not be interrupted"),
        (KernelDied("gone"), "no longer running"),
        (RuntimeError("NameError: x"), "could not run the request: NameError: x"),
        ({"ok": 1, "extra": 2}, "does not understand"),
        ("text", "does not understand"),
        ({"error": "app", "message": "the app raised KeyError"}, "the app raised KeyError"),
        ({"error": "app", "message": 42}, "the app failed"),
    ],
)
def test_the_bridge_turns_kernel_trouble_into_app_crashed(loop, answer, message):
    """Timeouts, dead kernels and odd replies reach the test as AppCrashed with a clear message."""
    bridge = KernelBridge(cast(SandboxedKernel, FakeKernel(answer)), loop, request_timeout=4)
    with pytest.raises(AppCrashed, match=message):
        bridge.call("request", client=1, spec={})


def test_the_bridge_shares_one_time_budget(loop):
    """Once the hidden tests' time budget is spent, calls fail at once."""
    bridge = KernelBridge(cast(SandboxedKernel, FakeKernel({"ok": 1})), loop, request_timeout=4, budget=0)
    with pytest.raises(AppCrashed, match="ran out of time"):
        bridge.call("new_app", overrides={})
