"""A Jupyter kernel in the sandbox, and the grader's calls into it.

The kernel is an ordinary ipykernel started through ``Sandbox.wrap``. Measured constraints shape
this module: TCP cannot cross ``--unshare-net``, so the kernel talks over ``ipc`` sockets in the
sandbox's shared folder; signals would hit the prlimit/bwrap wrapper rather than the kernel, so
interrupts are messages; and nbclient only honours timeouts with an *async* kernel manager.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager

from autograder.grading.kernel_channels import GradingKernelClient
from autograder.runtime.text import one_line
from autograder.sandbox import Sandbox

__all__ = ["KernelDied", "KernelStuck", "SandboxedKernel", "SandboxedKernelManager"]

KERNEL_ARGV = [
    sys.executable,
    "-m",
    "ipykernel_launcher",
    "-f",
    "{connection_file}",
    # No history database: the sandbox's /tmp is small and nothing reads it.
    "--HistoryManager.enabled=False",
]


STOP_INTERVAL = 0.02  # seconds
# How long after an interrupt new strays are still frozen: as long as a cell gets to react. With
# the sandbox's CPU quota a bomb's unfrozen children would share it with the kernel, which then
# could not reach the process limit, nor handle the interrupt, in time.
STOP_WINDOW = 5.0  # seconds


class KernelDied(RuntimeError):
    """The kernel process is gone (``os._exit``, a signal, out of memory, or killed by the grader)."""


class KernelStuck(RuntimeError):
    """The kernel did not answer in time, even after an interrupt; the grader killed it."""


class SandboxedKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernel command line is the sandbox's, over ``ipc``."""

    def __init__(self, sandbox: Sandbox, **kwargs: Any) -> None:
        super().__init__(transport="ipc", ip=str(sandbox.shared_dir / "kernel"), **kwargs)
        # Its channels size what the kernel sends before decoding it (see kernel_channels).
        self.client_factory = GradingKernelClient
        self.connection_file = str(sandbox.shared_dir / "kernel.json")
        self.sandbox = sandbox
        # The kernel_spec property returns this instead of looking a kernelspec up.
        self._kernel_spec = KernelSpec(
            argv=sandbox.wrap(KERNEL_ARGV),
            display_name="Python 3 (autograder sandbox)",
            language="python",
            interrupt_mode="message",
            env={},
        )

    kernel_pid: int | None = None

    # AsyncKernelManager's own interrupt_kernel is async too; jupyter_client types it (with its own
    # type: ignore) as the sync KernelManager's, so an async override looks incompatible.
    async def interrupt_kernel(self) -> None:  # type: ignore[override]
        """Freeze the sandbox's other processes (a fork bomb's), then send the interrupt message.

        Children spinning on every core would otherwise leave the kernel no time to react; killed
        rather than stopped, they would be forked again faster than the interrupt arrives.
        """
        if self.kernel_pid is not None:
            self.sandbox.stop_strays(keep=self.kernel_pid)
        await super().interrupt_kernel()
        # A loop that forks goes on until the interrupt lands: freeze what it forks meanwhile,
        # until the process limit makes its next fork fail (in the background: the caller waits
        # for the cell to react meanwhile).
        if self._freezing is not None:
            self._freezing.cancel()
        self._freezing = asyncio.create_task(self._keep_freezing_strays())

    _freezing: asyncio.Task[None] | None = None

    async def _keep_freezing_strays(self) -> None:
        deadline = time.monotonic() + STOP_WINDOW
        while self.kernel_pid is not None and time.monotonic() < deadline:
            await asyncio.sleep(STOP_INTERVAL)
            self.sandbox.stop_strays(keep=self.kernel_pid)

    def stop_freezing(self) -> None:
        """End the background freezing of strays (the kernel is being shut down)."""
        if self._freezing is not None:
            self._freezing.cancel()
            self._freezing = None

    def write_connection_file(self, **kwargs: Any) -> None:
        super().write_connection_file(**kwargs)
        if self.sandbox.uid is not None:
            # jupyter_client writes it 0600 for us; the kernel runs as the sandbox uid.
            os.chown(self.connection_file, self.sandbox.uid, self.sandbox.uid)


class SandboxedKernel:
    """One kernel in its own sandbox: start, evaluate, interrupt, kill.

    ``evaluate`` runs a silent execute request whose ``user_expressions`` carry the reply; every
    wait has a deadline, and a kernel that ignores an interrupt is killed (``KernelStuck``).
    """

    def __init__(self, sandbox: Sandbox, startup_timeout: float = 60) -> None:
        self.sandbox = sandbox
        self.startup_timeout = startup_timeout
        self.km = SandboxedKernelManager(sandbox)
        self.kc: Any = None
        self.pid: int | None = None
        self.dead = False

    async def start(self) -> None:
        """Start the kernel and wait until it answers."""
        # The kernel's own stdout/stderr (and anything learner code writes to fds 1 and 2) must
        # not reach the grader's terminal.
        with self.sandbox.log_path.open("ab") as log:
            await self.km.start_kernel(stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            await self.kc.wait_for_ready(timeout=self.startup_timeout)
        except RuntimeError as exc:
            await self.kill()
            tail = one_line(self.sandbox.log_tail(300), 300)
            raise KernelDied(f"the kernel did not start: {exc} {tail}".strip()) from None
        # Every socket exists now: take away the kernel's write access to the shared folder.
        self.sandbox.seal_shared_dir()
        pids = self.sandbox.pids()
        self.pid = self.km.kernel_pid = pids[0] if pids else None

    async def is_alive(self) -> bool:
        return not self.dead and await self.km.is_alive()

    def kill_strays(self) -> None:
        """Kill every process of the sandbox except the kernel itself (fork-bomb leftovers)."""
        if self.pid is not None:
            self.sandbox.kill_strays(keep=self.pid)

    async def interrupt(self) -> None:
        with contextlib.suppress(Exception):
            await self.km.interrupt_kernel()

    async def kill(self) -> None:
        """Kill the kernel and its sandbox now."""
        self.dead = True
        self.km.stop_freezing()
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        with contextlib.suppress(Exception):
            await self.km.shutdown_kernel(now=True)
        with contextlib.suppress(Exception):
            await self.km.cleanup_resources()
        self.sandbox.kill_strays()

    async def _reply(self, msg_id: str, deadline: float) -> dict[str, Any] | None:
        """The shell reply to ``msg_id`` or ``None`` at the deadline; stale replies are skipped."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                msg = await self.kc.get_shell_msg(timeout=min(remaining, 1.0))
            except Exception:  # queue.Empty, or a broken socket
                if not await self.km.is_alive():
                    self.dead = True
                    raise KernelDied("the kernel died") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg

    async def evaluate(self, code: str, expression: str | None, timeout: float, grace: float = 3.0) -> Any:
        """Run ``code`` silently, then evaluate ``expression``; return its ``application/json`` value.

        Without an expression, only run the code and return ``None``.

        Raises ``KernelDied``, ``KernelStuck``, ``TimeoutError`` (interrupted in time; the kernel is
        still usable) or ``RuntimeError`` with the kernel's error line.
        """
        if self.dead:
            raise KernelDied("the kernel is no longer running")
        expressions = {"r": expression} if expression is not None else {}
        msg_id = self.kc.execute(
            code, silent=True, store_history=False, user_expressions=expressions, allow_stdin=False
        )
        reply = await self._reply(msg_id, time.monotonic() + timeout)
        if reply is None:
            await self.interrupt()
            if await self._reply(msg_id, time.monotonic() + grace) is None:
                await self.kill()
                raise KernelStuck(f"the kernel did not answer within {timeout:g} s and ignored the interrupt")
            raise TimeoutError(f"no answer within {timeout:g} s (interrupted)")
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise RuntimeError(_error_line(content))
        if expression is None:
            return None
        value = content.get("user_expressions", {}).get("r", {})
        if value.get("status") != "ok":
            raise RuntimeError(_error_line(value))
        data = value.get("data", {})
        if not isinstance(data, Mapping) or "application/json" not in data:
            raise RuntimeError("the kernel answered without a JSON value")
        return data["application/json"]


def _error_line(content: Mapping[str, Any]) -> str:
    ename = one_line(content.get("ename", "Error"), 100)
    evalue = one_line(content.get("evalue", ""), 300)
    return f"{ename}: {evalue}" if evalue else ename
