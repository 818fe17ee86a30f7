"""The sandboxed kernel: JSON values out, deadlines on every call, stuck or dead kernels detected."""

from typing import Any

import pytest

from autograder import aio
from autograder.kernel import KernelDied, KernelStuck, SandboxedKernel
from autograder.sandbox import Sandbox
from tests.autograder.builders import needs_bwrap

# Every test here starts a sandboxed kernel or worker: seconds each.
pytestmark = [needs_bwrap, pytest.mark.slow]

JSON_VALUE = "type('R', (), {'_repr_mimebundle_': lambda self, **kw: {'application/json': {'n': [1, 'two']}}})()"


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
        seen["pid_is_kernel"] = kernel.pid in sandbox.pids()
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


def test_the_kernel_process_runs_as_the_sandbox_uid(seen):
    """The started kernel is a process of the sandbox's own uid."""
    assert seen["pid_is_kernel"]


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
