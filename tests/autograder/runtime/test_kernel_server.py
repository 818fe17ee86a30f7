"""The kernel-side server: JSON calls in, JSON-able replies out, learner mistakes as messages."""

import json

from autograder.runtime.harness import load_app
from autograder.runtime.kernel_server import Reply, Server, check_create_app, install
from tests.autograder.builders import notes_cells

NOTES = load_app("\n\n".join(notes_cells("app")), name="notes_app_for_kernel_side_tests")


def _call(server, op, **args):
    reply = server.handle(json.dumps({"op": op, "args": args}))
    assert isinstance(reply, Reply)
    return reply.payload


def test_a_request_round_trip_through_the_server():
    """new_app, new_client and request answer with ids and a wire response."""
    server = Server(NOTES.create_app, {"UPLOAD_FOLDER": "{tmp}/u"})
    app = _call(server, "new_app", overrides={})["ok"]
    client = _call(server, "new_client", app=app)["ok"]
    reply = _call(server, "request", client=client, spec={"method": "POST", "path": "/notes", "json": '{"text": "a"}'})
    assert reply["ok"]["status_code"] == 201


def test_outbox_and_drop_app():
    """The outbox of an app is listed; a dropped app is gone."""
    server = Server(NOTES.create_app, {})
    app = _call(server, "new_app", overrides={})["ok"]
    client = _call(server, "new_client", app=app)["ok"]
    _call(server, "request", client=client, spec={"method": "POST", "path": "/notes", "json": '{"text": "a"}'})
    _call(
        server, "request", client=client, spec={"method": "POST", "path": "/notes/1/email", "json": '{"to": "x@y.z"}'}
    )
    assert [mail["recipients"] for mail in _call(server, "outbox", app=app)["ok"]] == [["x@y.z"]]
    assert _call(server, "drop_app", app=app) == {"ok": None}
    assert _call(server, "outbox", app=app)["error"] == "app"


def test_create_app_failures_are_reported_as_app_errors():
    """An exception in create_app comes back as a message naming its type, not a kernel error."""

    def broken(config):
        raise ValueError("no config")

    reply = _call(Server(broken, {}), "new_app", overrides={})
    assert reply == {"error": "app", "message": "create_app() raised ValueError"}


def test_the_apps_own_words_never_reach_the_caller():
    """An exception's text is the app author's to choose (it could quote a hidden test's request): left out."""
    source = (
        "from flask import Flask, request\n"
        "def create_app(test_config=None):\n"
        "    app = Flask(__name__)\n"
        "    app.config.from_mapping(test_config or {})\n"
        "    @app.post('/echo')\n"
        "    def echo():\n"
        "        raise RuntimeError('SECRET ' + request.get_data(as_text=True))\n"
        "    return app\n"
    )
    module = load_app(source, name="echo_app_for_kernel_side_tests")
    server = Server(module.create_app, {})
    app = _call(server, "new_app", overrides={})["ok"]
    client = _call(server, "new_client", app=app)["ok"]
    reply = _call(
        server, "request", client=client, spec={"method": "POST", "path": "/echo", "data": {"text": "hidden input"}}
    )
    assert reply == {"error": "app", "message": "the app raised RuntimeError while handling POST /echo"}
    assert "SECRET" not in _call(server, "no_such_call")["message"]


def test_garbage_calls_are_answered_with_errors():
    """Malformed JSON or unknown operations produce an error reply."""
    server = Server(NOTES.create_app, {})
    assert server.handle("{nope").payload["error"] == "app"
    assert _call(server, "format_disk")["error"] == "app"


def test_replies_are_formatted_as_json_by_ipython():
    """A Reply renders as application/json, which is how it leaves the kernel."""
    assert Reply({"ok": 1})._repr_mimebundle_()["application/json"] == {"ok": 1}


def test_check_create_app_explains_what_is_wrong():
    """Missing, non-callable and wrongly shaped create_app get a sentence each."""

    def two_args(a, b):
        pass

    def keyword_default(test_config=None):
        pass

    assert "does not define" in (check_create_app({}) or "")
    assert "not a function" in (check_create_app({"create_app": 3}) or "")
    assert "one argument" in (check_create_app({"create_app": two_args}) or "")
    assert check_create_app({"create_app": keyword_default}) is None


def test_install_refuses_a_notebook_without_create_app():
    """install() answers a setup error instead of a server when create_app is missing."""
    assert install({}, "{}").payload == {
        "error": "setup",
        "message": "the notebook does not define create_app(test_config=None)",
    }


def test_set_cookie_reaches_the_apps_requests_and_bad_cookies_are_refused():
    """set_cookie fills the client's jar in the kernel; a malformed cookie is an error reply."""
    source = (
        "from flask import Flask, request\n"
        "def create_app(test_config=None):\n"
        "    app = Flask(__name__)\n"
        "    @app.get('/cookie')\n"
        "    def cookie():\n"
        "        return request.cookies.get('session', 'none')\n"
        "    return app\n"
    )
    server = Server(load_app(source, name="cookie_app_for_kernel_side_tests").create_app, {})
    app = _call(server, "new_app", overrides={})["ok"]
    client = _call(server, "new_client", app=app)["ok"]
    assert _call(server, "set_cookie", client=client, key="session", value="forged") == {"ok": None}
    reply = _call(server, "request", client=client, spec={"method": "GET", "path": "/cookie"})
    assert reply["ok"]["body"] == "Zm9yZ2Vk", reply  # base64 of b"forged"
    assert _call(server, "set_cookie", client=client, key="session", value=["x"])["error"] == "app"
