"""The grader's endpoint inside the learner's kernel: apps and clients by id, one request per call.

The trusted side sends ``<server>.handle('<json>')`` as ``user_expressions`` of a silent execute
request and reads the reply from ``application/json`` of the expression's value. Every call
answers ``{"ok": ...}`` or ``{"error": kind, "message": ...}``; nothing here is trusted by the
grader, which checks each reply (``autograder.grading.kernel_client``).
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

from .harness import AppHandle, perform
from .wire import AppCrashed, WireError, cookie_pair

__all__ = ["SETUP_PROBLEMS", "Reply", "Server", "check_create_app", "install"]


class Reply:
    """An expression value IPython formats as ``application/json``, so it travels as JSON."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"application/json": self.payload, "text/plain": "<autograder reply>"}

    def __repr__(self) -> str:
        return "<autograder reply>"


NO_CREATE_APP = "the notebook does not define create_app(test_config=None)"
NOT_A_FUNCTION = "create_app is not a function"
WRONG_SIGNATURE = "create_app must accept one argument: create_app(test_config=None)"
# Every sentence a setup reply may carry; the grader passes on no other text.
SETUP_PROBLEMS = (NO_CREATE_APP, NOT_A_FUNCTION, WRONG_SIGNATURE)


def check_create_app(namespace: Mapping[str, Any]) -> str | None:
    """Why ``create_app`` cannot be used (one of ``SETUP_PROBLEMS``), or ``None`` when it looks right."""
    create_app = namespace.get("create_app")
    if create_app is None:
        return NO_CREATE_APP
    if not callable(create_app):
        return NOT_A_FUNCTION
    try:
        inspect.signature(create_app).bind({})
    except TypeError:
        return WRONG_SIGNATURE
    except ValueError:
        pass  # builtins without a signature: let the call decide
    return None


class Server:
    """Apps and clients of the hidden tests, addressed by small integer ids."""

    def __init__(self, create_app: Callable[..., Any], app_config: Mapping[str, Any]) -> None:
        self._create_app = create_app
        self._app_config = dict(app_config)
        self._apps: dict[int, AppHandle] = {}
        self._clients: dict[int, tuple[AppHandle, Any]] = {}
        self._next_id = 1

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def call(self, request: object) -> dict[str, Any]:
        """Run one call (``{"op": ..., "args": {...}}``); reply ``{"ok": ...}`` or ``{"error", "message"}``.

        Messages name what failed and never quote the app's exception text: whoever wrote the app
        chooses that text, and the caller may be the grader's hidden tests.
        """
        try:
            if not isinstance(request, dict) or not isinstance(request.get("op"), str):
                raise WireError("a call is an object with an op")
            operation = getattr(self, "op_" + request["op"], None)
            args = request.get("args", {})
            if operation is None or not isinstance(args, dict):
                raise WireError(f"unknown call {request['op'][:40]!r}")
            return {"ok": operation(**args)}
        except AppCrashed as exc:
            return {"error": "app", "message": str(exc)[:2000]}
        except Exception as exc:
            return {"error": "app", "message": f"the app's side failed with {type(exc).__name__}"}

    def handle(self, request: str) -> Reply:
        """Run one call described by JSON text and reply with a ``Reply`` (the kernel's way)."""
        try:
            call = json.loads(request)
        except ValueError:
            call = None
        return Reply(self.call(call))

    def op_new_app(self, overrides: Mapping[str, Any]) -> int:
        try:
            handle = AppHandle(self._create_app, {**self._app_config, **overrides})
        except AppCrashed:
            raise
        except Exception as exc:
            raise AppCrashed(f"create_app() raised {type(exc).__name__}") from exc
        app_id = self._new_id()
        self._apps[app_id] = handle
        return app_id

    def op_new_client(self, app: int) -> int:
        handle = self._apps[app]
        client_id = self._new_id()
        self._clients[client_id] = (handle, handle.app.test_client())
        return client_id

    def op_request(self, client: int, spec: Mapping[str, Any]) -> dict[str, Any]:
        handle, flask_client = self._clients[client]
        try:
            return perform(handle, flask_client, spec, detail=False)
        except WireError as exc:
            raise AppCrashed(f"bad request: {exc}") from exc

    def op_set_cookie(self, client: int, key: object, value: object) -> None:
        _, flask_client = self._clients[client]
        try:
            flask_client.set_cookie(*cookie_pair(key, value))
        except TypeError as exc:
            raise WireError(str(exc)) from None

    def op_outbox(self, app: int) -> list[dict[str, Any]]:
        return list(self._apps[app].outbox)

    def op_drop_app(self, app: int) -> None:
        handle = self._apps.pop(app, None)
        if handle is not None:
            self._clients = {key: value for key, value in self._clients.items() if value[0] is not handle}
            handle.close()


def install(namespace: Mapping[str, Any], app_config_json: str) -> Reply:
    """Create the ``Server`` for the notebook's ``create_app`` and keep it on this package."""
    problem = check_create_app(namespace)
    if problem is not None:
        return Reply({"error": "setup", "message": problem})
    package = sys.modules[__package__]
    package.server = Server(namespace["create_app"], json.loads(app_config_json))  # type: ignore[attr-defined]
    return Reply({"ok": None})
