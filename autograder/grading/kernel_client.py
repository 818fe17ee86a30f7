"""The hidden tests' fixtures on the trusted side: ``client``, ``make_client`` and ``outbox``.

They are the runtime's remote fixtures (``runtime.remote``) over a ``KernelBridge``: the
interface of ``autograder.runtime.AppSession``, but every operation is a call into the
sandboxed kernel. Replies are checked field by field (``runtime.wire``); a kernel that is dead,
stuck or answering garbage turns into ``AppCrashed`` in the test, i.e. a failed test with a
learner-facing message, never an exception in the grader.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from autograder.grading.kernel import KernelDied, KernelStuck, SandboxedKernel
from autograder.runtime.remote import RemoteClient, RemoteOutbox, RemoteSession, RequestLog, check_reply
from autograder.runtime.source import PACKAGE
from autograder.runtime.wire import AppCrashed

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
        return check_reply(reply)


# The hidden tests' fixtures are the runtime's remote ones, over the kernel bridge.
ProxyClient = RemoteClient
ProxyOutbox = RemoteOutbox
ProxySession = RemoteSession
