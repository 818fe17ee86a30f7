"""The sandboxed kernel: JSON values out, deadlines on every call, stuck or dead kernels detected."""

import os
from pathlib import Path
from typing import Any

import pytest

from autograder.grading import aio
from autograder.grading.kernel import KernelDied, KernelStuck, SandboxedKernel
from autograder.sandbox import Sandbox
from tests.autograder.builders import needs_bwrap

# Every test here starts a sandboxed kernel or worker: seconds each.
pytestmark = [needs_bwrap, pytest.mark.slow]

JSON_VALUE = "type('R', (), {'_repr_mimebundle_': lambda self, **kw: {'application/json': {'n': [1, 'two']}}})()"
# The answering kernel's own account of itself: its pid in its pid namespace, that namespace, its uid.
WHO_AM_I = JSON_VALUE.replace(
    "{'n': [1, 'two']}",
    "{'pid': __import__('os').getpid(), 'pid_namespace': __import__('os').readlink('/proc/self/ns/pid'),"
    " 'uid': __import__('os').getuid()}",
)


def _seen_from_the_host(pid: int | None) -> dict[str, Any] | None:
    """Host process ``pid`` in the kernel's terms: its pid inside its own pid namespace, that namespace, its uid."""
    if pid is None:
        return None
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {
        "pid": int(status["NSpid"].split()[-1]),
        "pid_namespace": os.readlink(f"/proc/{pid}/ns/pid"),
        "uid": int(status["Uid"].split()[0]),
    }


async def _outcome(call) -> Any:
    try:
        return await call
    except Exception as exc:  # the scenario records what each call raised
        return exc


async def _scenario() -> dict[str, Any]:
    seen: dict[str, Any] = {}
    with Sandbox() as sandbox:
        kernel = SandboxedKernel(sandbox)
        await kernel.start()
        seen["sandbox_uid"] = sandbox.uid
        seen["sandbox_pids"] = sandbox.pids()
        seen["kernel_pid"] = kernel.pid
        seen["host_sees_kernel_pid"] = _seen_from_the_host(kernel.pid)
        seen["kernel_says"] = await _outcome(kernel.evaluate("", WHO_AM_I, timeout=10))
        seen["value"] = await _outcome(kernel.evaluate("x = 41", JSON_VALUE, timeout=10))
        seen["not_json"] = await _outcome(kernel.evaluate("", "x + 1", timeout=10))
        seen["error"] = await _outcome(kernel.evaluate("", "1/0", timeout=10))
        seen["slow"] = await _outcome(kernel.evaluate("import time; time.sleep(60)", JSON_VALUE, timeout=1))
        seen["after_slow"] = await _outcome(kernel.evaluate("", JSON_VALUE, timeout=10))
        stubborn = "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(60)"
        seen["stuck"] = await _outcome(kernel.evaluate(stubborn, JSON_VALUE, timeout=1, grace=1))
        seen["alive_after_stuck"] = await kernel.is_alive()
        seen["after_stuck"] = await _outcome(kernel.evaluate("", JSON_VALUE, timeout=10))
        seen["processes_left"] = sandbox.pids()

        second = SandboxedKernel(Sandbox())
        try:
            await second.start()
            seen["exit"] = await _outcome(second.evaluate("import os; os._exit(3)", JSON_VALUE, timeout=10))
        finally:
            await second.kill()
            second.sandbox.close()
    return seen


@pytest.fixture(scope="module")
def seen() -> dict[str, Any]:
    return aio.run(_scenario())


def test_the_kernel_pid_is_the_answering_kernel_which_runs_as_the_sandbox_uid(seen):
    """The pid kept for the kernel is the process that answers calls, and it runs as the sandbox's own uid."""
    assert seen["sandbox_uid"] is not None
    assert isinstance(seen["kernel_says"], dict), seen["kernel_says"]
    assert seen["kernel_says"]["uid"] == seen["sandbox_uid"]
    # Pids inside the sandbox differ from the host's: the namespace and the pid in it name one process.
    assert seen["host_sees_kernel_pid"] == seen["kernel_says"]
    assert seen["kernel_pid"] in seen["sandbox_pids"]


def test_an_expression_value_comes_back_as_json(seen):
    """An expression's application/json value is returned as data."""
    assert seen["value"] == {"n": [1, "two"]}


def test_a_value_without_json_is_an_error(seen):
    """A value that has no JSON representation is refused."""
    assert isinstance(seen["not_json"], RuntimeError) and "without a JSON value" in str(seen["not_json"])


def test_an_exception_in_the_kernel_is_reported_in_one_line(seen):
    """An exception in the kernel becomes RuntimeError('ZeroDivisionError: ...')."""
    assert isinstance(seen["error"], RuntimeError) and str(seen["error"]).startswith("ZeroDivisionError")


def test_a_slow_call_is_interrupted_and_the_kernel_stays_usable(seen):
    """A call past its deadline is interrupted; the kernel answers the next call."""
    assert isinstance(seen["slow"], TimeoutError)
    assert seen["after_slow"] == {"n": [1, "two"]}


def test_a_kernel_that_ignores_the_interrupt_is_killed(seen):
    """A kernel that ignores SIGINT is killed and later calls say it is dead."""
    assert isinstance(seen["stuck"], KernelStuck)
    assert seen["alive_after_stuck"] is False
    assert isinstance(seen["after_stuck"], KernelDied)
    assert seen["processes_left"] == []


def test_a_kernel_that_exits_is_reported_dead(seen):
    """os._exit in the kernel raises KernelDied, not a hang."""
    assert isinstance(seen["exit"], KernelDied)
