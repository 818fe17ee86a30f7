"""The hidden tests' fixtures on the trusted side: ``client``, ``make_client`` and ``outbox``.

They have the interface of ``autograder.runtime.AppSession`` but every operation is a call into
the sandboxed kernel. Replies are checked field by field (``runtime.wire``); a kernel that is dead,
stuck or answering garbage turns into ``AppCrashed`` in the test, i.e. a failed test with a
learner-facing message, never an exception in the grader.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .kernel import KernelDied, KernelStuck, SandboxedKernel
from .runtime.source import PACKAGE
from .runtime.wire import AppCrashed, MethodShortcuts, Response, WireError, encode_request, mail_from_wire, response_from_wire

__all__ = ["KernelBridge", "ProxyClient", "ProxyOutbox", "ProxySession", "RequestLog"]

SERVER = f"__import__('sys').modules[{PACKAGE!r}].server"


class KernelBridge:
    """Synchronous calls from the hidden-test thread into the kernel, run on the grader's event loop."""

    def __init__(
        self,
        kernel: SandboxedKernel,
        loop: asyncio.AbstractEventLoop,
        request_timeout: float = 10,
        budget: float = 300,
    ) -> None:
        self.kernel = kernel
        self.loop = loop
        self.request_timeout = request_timeout
        # All hidden tests share one time budget, so an app that is slow on every request
        # cannot stretch grading to (number of requests x request timeout).
        self.deadline = time.monotonic() + budget

    def call(self, op: str, **args: Any) -> Any:
        """Run ``op`` in the kernel's ``Server``; return its ``ok`` value or raise ``AppCrashed``."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise AppCrashed("the hidden tests ran out of time: the app answered too slowly")
        timeout = min(self.request_timeout, remaining)
        expression = f"{SERVER}.handle({json.dumps({'op': op, 'args': args})!r})"
        future = asyncio.run_coroutine_threadsafe(self.kernel.evaluate("", expression, timeout=timeout), self.loop)
        try:
            # The coroutine has its own deadlines; this one only guards against a lost loop.
            reply = future.result(timeout=timeout + 30)
        except TimeoutError:
            future.cancel()
            raise AppCrashed(f"the app did not answer within {timeout:g} s") from None
        except KernelStuck:
            raise AppCrashed(
                f"the app did not answer within {self.request_timeout:g} s and could not be interrupted"
            ) from None
        except KernelDied:
            raise AppCrashed("the notebook's kernel is no longer running (it crashed or was stopped)") from None
        except RuntimeError as exc:
            raise AppCrashed(f"the kernel could not run the request: {exc}") from None
        if isinstance(reply, dict) and set(reply) == {"ok"}:
            return reply["ok"]
        if isinstance(reply, dict) and set(reply) == {"error", "message"}:
            message = reply["message"]
            raise AppCrashed(message[:2000] if isinstance(message, str) else "the app failed")
        raise AppCrashed("the kernel sent an answer the grader does not understand")


@dataclass
class RequestLog:
    """The requests one test made, for feedback such as ``last request: POST /cart → 404``."""

    entries: list[str] = field(default_factory=list)

    def add(self, method: str, path: str, outcome: str) -> None:
        self.entries.append(f"{method} {path} → {outcome}")

    @property
    def last(self) -> str | None:
        return self.entries[-1] if self.entries else None


class ProxyClient(MethodShortcuts):
    """A test client whose app lives in the kernel; same methods as ``runtime.Client``."""

    def __init__(self, bridge: KernelBridge, app_id: int, log: RequestLog) -> None:
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
            raise AppCrashed(f"the kernel sent a garbled response: {exc}") from None
        except AppCrashed:
            self._log.add(spec["method"], shown, "crashed")
            raise
        self._log.add(spec["method"], shown, str(response.status_code))
        return response

    def fresh(self) -> ProxyClient:
        """A second, independent client (no shared cookies) for the same app."""
        return ProxyClient(self._bridge, self._app_id, self._log)


class ProxyOutbox(Sequence[dict[str, Any]]):
    """A live, read-only view of the mails the kernel-side app sent (fetched on every access)."""

    def __init__(self, bridge: KernelBridge, app_id: int) -> None:
        self._bridge = bridge
        self._app_id = app_id

    def _mails(self) -> list[dict[str, Any]]:
        try:
            return mail_from_wire(self._bridge.call("outbox", app=self._app_id))
        except WireError as exc:
            raise AppCrashed(f"the kernel sent a garbled outbox: {exc}") from None

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


class ProxySession:
    """The fixture vocabulary for one hidden test, backed by the kernel (see ``runtime.AppSession``)."""

    def __init__(self, bridge: KernelBridge, log: RequestLog | None = None) -> None:
        self._bridge = bridge
        self.log = log or RequestLog()
        self._apps: list[int] = []
        self._client: ProxyClient | None = None

    def _new_app(self, overrides: dict[str, Any]) -> int:
        try:
            json.dumps(overrides)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"make_client() config values must be JSON-like: {exc}") from None
        app_id = self._bridge.call("new_app", overrides=overrides)
        if not isinstance(app_id, int):
            raise AppCrashed("the kernel sent an answer the grader does not understand")
        self._apps.append(app_id)
        return app_id

    @property
    def client(self) -> ProxyClient:
        if self._client is None:
            self._client = ProxyClient(self._bridge, self._new_app({}), self.log)
        return self._client

    def make_client(self, **overrides: Any) -> ProxyClient:
        return ProxyClient(self._bridge, self._new_app(overrides), self.log)

    @property
    def outbox(self) -> ProxyOutbox:
        return ProxyOutbox(self._bridge, self.client._app_id)

    def close(self) -> None:
        for app_id in self._apps:
            try:
                self._bridge.call("drop_app", app=app_id)
            except AppCrashed:
                break  # the kernel is gone; nothing left to clean
        self._apps.clear()
        self._client = None
