"""The fixture vocabulary for an app that lives in another process, and the line protocol to reach it.

``RemoteSession`` has the interface of ``harness.AppSession`` (``client``, ``make_client``,
``outbox``), but every operation is ``bridge.call(op, **args)`` on a ``kernel_server.Server`` in
another process. Two bridges exist: the grader's ``grading.kernel_client.KernelBridge`` (the hidden tests reach
the learner's kernel through Jupyter messages) and ``ChannelBridge`` below (the learner's tests,
in their own sandbox, reach the reference app or a mutant through a socket). Replies are checked
field by field: the other side is never trusted.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .wire import AppCrashed, MethodShortcuts, Response, WireError, encode_request, mail_from_wire, response_from_wire

__all__ = [
    "MAX_LINE_BYTES",
    "Bridge",
    "ChannelBridge",
    "RemoteClient",
    "RemoteOutbox",
    "RemoteSession",
    "RequestLog",
    "check_reply",
    "serve_channel",
]

# A reply carries at most one body of wire.MAX_BODY_BYTES, base64-encoded, plus headers.
MAX_LINE_BYTES = 12 * 1024 * 1024


class Bridge(Protocol):
    def call(self, op: str, **args: Any) -> Any: ...


def check_reply(reply: object) -> Any:
    """The ``ok`` value of a server reply; ``AppCrashed`` for an error or anything malformed."""
    if isinstance(reply, dict) and set(reply) == {"ok"}:
        return reply["ok"]
    if isinstance(reply, dict) and set(reply) == {"error", "message"}:
        message = reply["message"]
        raise AppCrashed(message[:2000] if isinstance(message, str) else "the app failed")
    raise AppCrashed("the app's side sent an answer this side does not understand")


class ChannelBridge:
    """Calls over a connected stream socket: one JSON line out, one JSON line back."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._reader = sock.makefile("rb")

    def call(self, op: str, **args: Any) -> Any:
        try:
            self._sock.sendall(json.dumps({"op": op, "args": args}).encode() + b"\n")
            line = self._reader.readline(MAX_LINE_BYTES + 1)
        except OSError:
            raise AppCrashed("the app's process is no longer running") from None
        if not line.endswith(b"\n"):
            raise AppCrashed("the app's process stopped answering" if not line else "the app's reply is too large")
        try:
            reply = json.loads(line)
        except ValueError:
            raise AppCrashed("the app's side sent an answer this side does not understand") from None
        return check_reply(reply)


def serve_channel(server: Any, sock: socket.socket) -> None:
    """Answer calls read from ``sock`` with ``server.call`` until the other side closes it."""
    reader = sock.makefile("rb")
    while True:
        line = reader.readline(MAX_LINE_BYTES + 1)
        if not line.endswith(b"\n"):
            return  # closed, or a line no honest test sends
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        reply = server.call(request)
        try:
            sock.sendall(json.dumps(reply).encode() + b"\n")
        except OSError:
            return


@dataclass
class RequestLog:
    """The requests one test made, for feedback such as ``last request: POST /cart → 404``."""

    entries: list[str] = field(default_factory=list)

    def add(self, method: str, path: str, outcome: str) -> None:
        self.entries.append(f"{method} {path} → {outcome}")

    @property
    def last(self) -> str | None:
        return self.entries[-1] if self.entries else None


class RemoteClient(MethodShortcuts):
    """A test client whose app lives in another process; same methods as ``harness.Client``."""

    def __init__(self, bridge: Bridge, app_id: int, log: RequestLog) -> None:
        self._bridge = bridge
        self._app_id = app_id
        self._log = log
        self._client_id = bridge.call("new_client", app=app_id)

    def open(self, method: str, path: str, **kwargs: Any) -> Response:
        spec = encode_request(method, path, **kwargs)
        shown = path if len(path) <= 80 else path[:79] + "…"
        try:
            reply = self._bridge.call("request", client=self._client_id, spec=spec)
            response = response_from_wire(reply)
        except WireError as exc:
            self._log.add(spec["method"], shown, "garbled reply")
            raise AppCrashed(f"the app's side sent a garbled response: {exc}") from None
        except AppCrashed:
            self._log.add(spec["method"], shown, "crashed")
            raise
        self._log.add(spec["method"], shown, str(response.status_code))
        return response

    def _set_cookie(self, key: str, value: str) -> None:
        self._bridge.call("set_cookie", client=self._client_id, key=key, value=value)

    def fresh(self) -> RemoteClient:
        """A second, independent client (no shared cookies) for the same app."""
        return RemoteClient(self._bridge, self._app_id, self._log)


class RemoteOutbox(Sequence[dict[str, Any]]):
    """A live, read-only view of the mails the remote app sent (fetched on every access)."""

    def __init__(self, bridge: Bridge, app_id: int) -> None:
        self._bridge = bridge
        self._app_id = app_id

    def _mails(self) -> list[dict[str, Any]]:
        try:
            return mail_from_wire(self._bridge.call("outbox", app=self._app_id))
        except WireError as exc:
            raise AppCrashed(f"the app's side sent a garbled outbox: {exc}") from None

    def __getitem__(self, index: Any) -> Any:
        return self._mails()[index]

    def __len__(self) -> int:
        return len(self._mails())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._mails())

    def __eq__(self, other: object) -> bool:
        return self._mails() == (list(other) if isinstance(other, Sequence) else other)

    def __repr__(self) -> str:
        return repr(self._mails())


class RemoteSession:
    """The fixture vocabulary (``session.CourseSession``) for one test, backed by a server in another process."""

    def __init__(self, bridge: Bridge, log: RequestLog | None = None) -> None:
        self._bridge = bridge
        self.log = log or RequestLog()
        self._apps: list[int] = []
        self._client: RemoteClient | None = None

    def _new_app(self, overrides: dict[str, Any]) -> int:
        try:
            json.dumps(overrides)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"make_client() config values must be JSON-like: {exc}") from None
        app_id = self._bridge.call("new_app", overrides=overrides)
        if not isinstance(app_id, int) or isinstance(app_id, bool):
            raise AppCrashed("the app's side sent an answer this side does not understand")
        self._apps.append(app_id)
        return app_id

    @property
    def client(self) -> RemoteClient:
        if self._client is None:
            self._client = RemoteClient(self._bridge, self._new_app({}), self.log)
        return self._client

    def make_client(self, **overrides: Any) -> RemoteClient:
        return RemoteClient(self._bridge, self._new_app(overrides), self.log)

    @property
    def outbox(self) -> RemoteOutbox:
        return RemoteOutbox(self._bridge, self.client._app_id)

    def close(self) -> None:
        for app_id in self._apps:
            try:
                self._bridge.call("drop_app", app=app_id)
            except AppCrashed:
                break  # the other side is gone; nothing left to clean
        self._apps.clear()
        self._client = None
