"""Executing a notebook: errors recorded and execution goes on, time and output limits, dead kernels."""

import time
from typing import Any

import pytest

from autograder.grading import aio
from autograder.grading.execution import ExecutionLimits, execute_notebook
from autograder.grading.kernel import SandboxedKernel
from autograder.sandbox import Sandbox
from tests.autograder.builders import needs_bwrap, notebook

# Every test here starts a sandboxed kernel or worker: seconds each.
pytestmark = [needs_bwrap, pytest.mark.slow]

LIMITS = ExecutionLimits(cell_timeout=2, total_timeout=30, output_bytes_per_cell=64 * 1024, interrupt_grace=2)


async def _execute(nb, limits=LIMITS) -> dict[str, Any]:
    with Sandbox() as sandbox:
        kernel = SandboxedKernel(sandbox)
        await kernel.start()
        try:
            started = time.monotonic()
            result = await execute_notebook(nb, kernel, limits)
            return {
                "result": result,
                "cells": nb.cells,  # as executed: execution counts and the outputs kept
                "errors": {error.index: error.error for error in result.errors},
                "seconds": time.monotonic() - started,
                "other_processes": [pid for pid in sandbox.pids() if pid != kernel.pid],
            }
        finally:
            await kernel.kill()


def execute(*cells, limits=LIMITS) -> dict[str, Any]:
    return aio.run(_execute(notebook(*cells), limits))


@pytest.fixture(scope="module")
def mixed() -> dict[str, Any]:
    """One run of a notebook that does a bit of everything a learner might do."""
    return execute(
        ("md", "# a story"),
        "x = 1",
        "1/0",
        "x += 1",
        "import sys; sys.exit(3)",
        "exit()",
        ("skip-execution", "x += 10"),
        ("raises-exception", "raise ValueError('tagged')"),
        ("self-check", "x = -1000"),
        "print('y' * 200_000)",
        "import time; time.sleep(60)",
        "assert x == 12, f'x is {x}'\nprint('x is', x)",
    )


def test_a_failing_cell_is_recorded_with_its_last_line(mixed):
    """A cell that raises is recorded by index with 'Name: message'."""
    assert mixed["errors"][2] == "ZeroDivisionError: division by zero"


def test_execution_goes_on_after_errors_and_ignores_notebook_tags(mixed):
    """Later cells run, skip-execution cells run, self-check cells are skipped."""
    cells = mixed["cells"]
    assert 11 not in mixed["errors"], mixed["errors"].get(11)
    # The last cell ran to its end, and x is 1 + 1 + 10: the skip-execution cell ran, the self-check one did not.
    assert [output.get("text") for output in cells[11].outputs] == ["x is 12\n"]
    assert cells[6].execution_count is not None
    assert cells[8].execution_count is None and cells[8].outputs == []


def test_sys_exit_is_an_error_and_exit_is_ignored(mixed):
    """sys.exit() is recorded as SystemExit; exit() does nothing."""
    assert mixed["errors"][4] == "SystemExit: 3"
    assert 5 not in mixed["errors"] and mixed["cells"][5].execution_count is not None


def test_raises_exception_tags_do_not_hide_errors(mixed):
    """A cell tagged raises-exception still has its error recorded."""
    assert mixed["errors"][7] == "ValueError: tagged"


def test_output_is_capped_per_cell(mixed):
    """A cell printing more than the cap is truncated, not stored whole."""
    assert mixed["result"].truncated_cells == [9]


def test_a_slow_cell_is_interrupted_and_the_kernel_survives(mixed):
    """A cell past its timeout is interrupted; the kernel stays alive for the hidden tests."""
    assert mixed["errors"][10].startswith("CellTimeoutError")
    assert mixed["result"].kernel_alive


def test_a_cell_that_ignores_the_interrupt_gets_the_kernel_killed():
    """SIGINT ignored plus sleeping forever: the kernel is killed within the limits."""
    run = execute(
        "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(600)",
        "print('never')",
    )
    assert "ignored the interrupt" in run["errors"][0]
    assert not run["result"].kernel_alive
    assert 1 not in run["errors"]
    assert run["seconds"] < LIMITS.cell_timeout + 2 * LIMITS.interrupt_grace + 5


@pytest.mark.parametrize(
    "fatal",
    ["import os; os._exit(1)", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"],
    ids=["os_exit", "kill_self"],
)
def test_a_dying_kernel_ends_execution_cleanly(fatal):
    """A kernel that dies is reported on its cell; later cells are not attempted."""
    run = execute("a = 1", fatal, "b = 2")
    assert "kernel died" in run["errors"][1]
    assert not run["result"].kernel_alive
    assert list(run["errors"]) == [1]


def test_the_notebook_has_a_total_time_limit():
    """Past the total limit the remaining cells are not run."""
    limits = ExecutionLimits(cell_timeout=2, total_timeout=3, interrupt_grace=2)
    run = execute("import time; time.sleep(1.5)", "time.sleep(1.5)", "time.sleep(1.5)", "x = 1", limits=limits)
    assert run["result"].timed_out
    last = max(run["errors"])
    assert run["errors"][last] == "not run: the notebook exceeded its 3 s time limit"
    assert last < 3


def test_processes_left_behind_are_killed_after_execution():
    """Background processes a notebook starts do not outlive its execution."""
    run = execute(
        "import subprocess\nchildren = [subprocess.Popen(['sleep', '600']) for _ in range(3)]\n"
        "print(sum(child.poll() is None for child in children), 'running')"
    )
    assert run["errors"] == {}
    assert [output.get("text") for output in run["cells"][0].outputs] == ["3 running\n"]
    assert run["other_processes"] == []


def test_big_output_messages_are_sized_but_never_decoded(monkeypatch):
    """Messages over the per-cell cap are counted from their frame lengths; only small ones are decoded."""
    from jupyter_client.session import Session

    decoded: list[int] = []
    original = Session.deserialize

    def recording(self, msg_list, content=True, copy=True):
        decoded.append(sum(len(part) for part in msg_list))
        return original(self, msg_list, content=content, copy=copy)

    monkeypatch.setattr(Session, "deserialize", recording)
    run = execute(
        "from IPython.display import display\n"
        "for _ in range(5):\n"
        "    display({'text/plain': 'z' * (2 * 1024 * 1024)}, raw=True)",
        "print('small and kept')",
    )
    assert run["result"].truncated_cells == [0]
    assert max(decoded) < LIMITS.output_bytes_per_cell, max(decoded)
    assert run["errors"] == {}


def test_the_notebook_has_an_output_limit_as_well_as_each_cell():
    """Cells each under the per-cell cap stop being kept once the notebook's total is used up."""
    limits = ExecutionLimits(
        cell_timeout=5,
        total_timeout=60,
        output_bytes_per_cell=64 * 1024,
        output_bytes_per_notebook=200 * 1024,
        interrupt_grace=2,
    )
    run = execute(*(f"print('{index}' * 60_000)" for index in range(6)), limits=limits)  # 4 x 60 kB > 200 KiB
    assert run["result"].truncated_cells == [3, 4, 5]


def test_a_syntax_error_names_the_line_of_the_cell_not_ipythons_file():
    """IPython's own file name for the cell (1234567.py) becomes "line N of the cell"."""
    errors = execute("x = 1", "def broken(:\n    pass")["errors"]

    assert errors[1].startswith("SyntaxError: invalid syntax (line 1 of the cell)"), errors
