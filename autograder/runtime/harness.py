"""In-process fixtures: a fresh app per test, test clients that speak the wire format, a mail outbox.

This module runs in three places with the same behaviour: inside the sandboxed kernel (sent as
source, behind ``kernel_server``), in the learner's own notebook for the self-check, and in the
course's local test harness. It imports Flask lazily and Flask-Mail only if it is installed.
"""

from __future__ import annotations

import linecache
import os
import shutil
import sys
import tempfile
import types
from collections.abc import Callable, Mapping
from typing import Any

from .session import fixture_value
from .wire import (
    AppCrashed,
    MethodShortcuts,
    Response,
    decode_request,
    encode_request,
    mail_to_wire,
    response_from_wire,
    response_to_wire,
)

__all__ = ["BASE_CONFIG", "AppHandle", "AppSession", "Client", "build_config", "load_app"]

BASE_CONFIG: dict[str, Any] = {"TESTING": True, "SECRET_KEY": "test-secret"}
TMP_MARKER = "{tmp}"


def build_config(app_config: Mapping[str, Any], overrides: Mapping[str, Any], tmp: str) -> dict[str, Any]:
    """The config one app gets: base config, the suite's ``app_config``, then per-test overrides.

    Every ``"{tmp}"`` in a string value (also inside lists) becomes the app's private temp folder.
    """

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(TMP_MARKER, tmp)
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    config = {**BASE_CONFIG, **app_config, **overrides}
    return {key: fill(value) for key, value in config.items()}


def load_app(source: str, name: str = "exercise_app") -> types.ModuleType:
    """Execute app source (e.g. a notebook's ``app`` cells) as a module named ``name``.

    The module gets a ``__file__`` in the current folder (never written) so that
    ``Flask(__name__)`` finds a root path, and it is registered in ``sys.modules``.
    """
    module = types.ModuleType(name)
    module.__file__ = os.path.join(os.getcwd(), f"{name}.py")
    sys.modules[name] = module
    filename = f"<{name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


class AppHandle:
    """One app built by the learner's ``create_app`` with its own temp folder and outbox."""

    def __init__(self, create_app: Callable[..., Any], config: Mapping[str, Any]) -> None:
        self.tmp = tempfile.mkdtemp(prefix="app-")
        self.outbox: list[dict[str, Any]] = []
        self._disconnect: Callable[[], None] | None = None
        try:
            self.app = create_app(build_config({}, config, self.tmp))
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        if not hasattr(self.app, "test_client"):
            self.close()
            raise AppCrashed(f"create_app() returned {type(self.app).__name__}, not a Flask app")
        self._capture_mail()

    def _capture_mail(self) -> None:
        try:
            from flask_mail import email_dispatched
        except ImportError:
            return

        # Flask-Mail sends the signal with the app as sender and the message as keyword.
        def record(sender: Any, message: Any = None, **_: Any) -> None:
            if sender is self.app and message is not None:
                self.outbox.append(mail_to_wire(message))

        # weak=False: the closure is only referenced by the signal.
        email_dispatched.connect(record, weak=False)
        self._disconnect = lambda: email_dispatched.disconnect(record)

    def client(self) -> Client:
        """A new test client (own cookies) for this app."""
        return Client(self)

    def close(self) -> None:
        """Stop capturing mail and delete the temp folder."""
        if self._disconnect is not None:
            self._disconnect()
            self._disconnect = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def perform(handle: AppHandle, flask_client: Any, spec: Mapping[str, Any], *, detail: bool = True) -> dict[str, Any]:
    """Run one request described by ``spec`` and describe the response as wire data.

    With ``detail`` the app's exception text is part of the message: only where the app and the
    reader of the message are the same person (the self-check). Across the sandbox the text is
    under the control of whoever wrote the app, so it is left out there.
    """
    kwargs = decode_request(spec)
    method, path = spec["method"], spec["path"]
    try:
        result = flask_client.open(path, **kwargs)
    except Exception as exc:
        what = f"{type(exc).__name__}: {exc}" if detail else type(exc).__name__
        shown = path if len(path) <= 80 else path[:79] + "…"
        raise AppCrashed(f"the app raised {what} while handling {method} {shown}") from exc
    try:
        body = result.get_data()
        headers = list(result.headers.items())
        status = result.status_code
    finally:
        result.close()
    return response_to_wire(status, headers, body)


class Client(MethodShortcuts):
    """A test client: ``get/post/put/patch/delete(path, *, json, data, headers, query_string, content_type)``."""

    def __init__(self, handle: AppHandle) -> None:
        self._handle = handle
        self._flask_client = handle.app.test_client()

    def open(self, method: str, path: str, **kwargs: Any) -> Response:
        """Send one request; the app's exception becomes ``AppCrashed``."""
        spec = encode_request(method, path, **kwargs)
        return response_from_wire(perform(self._handle, self._flask_client, spec))

    def _set_cookie(self, key: str, value: str) -> None:
        self._flask_client.set_cookie(key, value)

    def fresh(self) -> Client:
        """A second, independent client (no shared cookies) for the same app."""
        return Client(self._handle)


class AppSession:
    """The fixture vocabulary (``session.CourseSession``) for one test, with the apps in this process.

    ``create_app`` is the learner's (or the reference) factory; ``app_config`` the suite's table.
    Apps are built lazily and closed by ``close()``.
    """

    def __init__(self, create_app: Callable[..., Any], app_config: Mapping[str, Any] | None = None) -> None:
        self._create_app = create_app
        self._app_config = dict(app_config or {})
        self._handles: list[AppHandle] = []
        self._client: Client | None = None

    def new_app(self, **overrides: Any) -> AppHandle:
        """Build a fresh app from the base config, the suite's ``app_config`` and ``overrides``."""
        handle = AppHandle(self._create_app, {**self._app_config, **overrides})
        self._handles.append(handle)
        return handle

    @property
    def client(self) -> Client:
        """The test's main client (built on first use)."""
        if self._client is None:
            self._client = self.new_app().client()
        return self._client

    def make_client(self, **overrides: Any) -> Client:
        """A client for a new app with extra config, e.g. ``make_client(MAX_CONTENT_LENGTH=1024)``."""
        return self.new_app(**overrides).client()

    @property
    def outbox(self) -> list[dict[str, Any]]:
        """The mails sent by the main client's app (a live list)."""
        return self.client._handle.outbox

    def fixture(self, name: str) -> Any:
        """The value of fixture ``name``; ``KeyError`` for a name outside the vocabulary."""
        return fixture_value(self, name)

    def close(self) -> None:
        for handle in self._handles:
            handle.close()
        self._handles.clear()
        self._client = None

    def __enter__(self) -> AppSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
