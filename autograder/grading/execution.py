"""Executing a submitted notebook top to bottom in its sandboxed kernel, whatever it does.

Differences from a plain ``nbclient`` run, all on purpose:

* the notebook's kernelspec is ignored (the kernel is the sandbox's), and so are its
  ``skip-execution`` and ``raises-exception`` tags; cells tagged ``self-check`` are skipped (they
  need the course repository, which the sandbox does not have);
* a failing cell is recorded (index and last line of the error) and execution goes on;
* every cell has a timeout and the notebook a total one; a timed-out cell is interrupted, and a
  kernel that ignores the interrupt is killed;
* output is capped per cell and per notebook (messages over the cap are never decoded, see
  ``kernel_channels``), and a dead kernel ends execution without an exception;
* the kernel stays alive afterwards: the hidden tests talk to it next.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass, field
from typing import Any

from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode

from autograder.grading.kernel import SandboxedKernel
from autograder.grading.kernel_channels import DROPPED
from autograder.runtime.text import cut, one_line

__all__ = ["CellError", "ExecutionLimits", "ExecutionResult", "execute_notebook"]

SELF_CHECK_TAG = "self-check"
TIMEOUT_ENAME = "CellTimeoutError"
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")


@dataclass(frozen=True)
class ExecutionLimits:
    """Time and output limits for one notebook."""

    cell_timeout: float = 30
    total_timeout: float = 120
    output_bytes_per_cell: int = 256 * 1024
    # All cells' output the grader keeps: without it 2,000 cells under the per-cell cap add up.
    output_bytes_per_notebook: int = 2 * 1024 * 1024
    # How long a timed-out cell may take to settle after the interrupt before the kernel is killed.
    interrupt_grace: float = 3


@dataclass(frozen=True)
class CellError:
    """A cell that raised: its index in the notebook and the last line of the error."""

    index: int
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "error": self.error}


@dataclass
class ExecutionResult:
    """What happened while the notebook ran."""

    errors: list[CellError] = field(default_factory=list)
    kernel_alive: bool = True
    timed_out: bool = False
    duration_s: float = 0.0
    truncated_cells: list[int] = field(default_factory=list)


# IPython compiles each cell under a file name of its own making (``3492680459.py``), which a
# SyntaxError quotes; the learner knows the cell by its number, given beside the error.
_CELL_FILE = re.compile(r"\((?:[^()]*/)?\d+\.py, line (\d+)\)")


def _last_line(ename: object, evalue: object) -> str:
    name = one_line(ename or "Error", 100)
    value = _CELL_FILE.sub(r"(line \1 of the cell)", one_line(evalue or "", 300))
    return cut(f"{name}: {value}" if value else name, 300)


class GradingNotebookClient(NotebookClient):
    """An nbclient ``NotebookClient`` that records errors instead of raising, and caps output."""

    def __init__(self, nb: NotebookNode, kernel: SandboxedKernel, limits: ExecutionLimits) -> None:
        super().__init__(
            nb,
            km=kernel.km,
            # Errors are recorded by on_cell_error; allow_errors keeps execution going.
            allow_errors=True,
            force_raise_errors=False,
            interrupt_on_timeout=True,
            error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": "", "traceback": []},
            skip_cells_with_tag=SELF_CHECK_TAG,
            iopub_timeout=limits.interrupt_grace,
            raise_on_iopub_timeout=False,
            record_timing=False,
            store_widget_state=False,
            on_cell_error=self._record_error,
        )
        self.kernel = kernel
        self.limits = limits
        self.errors: list[CellError] = []
        self.truncated: set[int] = set()
        self._output_bytes: dict[int, int] = {}
        self._kept_bytes = 0
        kernel.kc.iopub_channel.output_cap = limits.output_bytes_per_cell
        self._idle_cells: set[int] = set()
        self._deadline = 0.0
        self._timeout = limits.cell_timeout

    def _record_error(self, cell: NotebookNode, cell_index: int, execute_reply: dict[str, Any]) -> None:
        content = execute_reply.get("content", {})
        if content.get("ename") == TIMEOUT_ENAME:
            error = f"{TIMEOUT_ENAME}: the cell ran longer than {self._timeout:.3g} s and was interrupted"
        else:
            error = _last_line(content.get("ename"), content.get("evalue"))
        self.errors.append(CellError(cell_index, error))

    def _cell_timeout(self, cell: NotebookNode) -> float:
        """The cell's timeout: the per-cell limit, or less when the notebook's total time runs out."""
        self._timeout = max(0.5, min(self.limits.cell_timeout, self._deadline - time.monotonic()))
        return self._timeout

    def process_message(self, msg: dict[str, Any], cell: NotebookNode, cell_index: int) -> NotebookNode | None:
        content = msg.get("content", {})
        msg_type = msg.get("msg_type")
        if not isinstance(content, dict) or not isinstance(msg_type, str):
            return None  # the kernel is the learner's: a message of no known shape is ignored
        if DROPPED in content:
            if msg_type in OUTPUT_TYPES:
                self.output(cell.outputs, msg, None, cell_index)  # counted and cut, never kept
            return None
        if msg_type == "status" and content.get("execution_state") == "idle":
            self._idle_cells.add(cell_index)
        try:
            return super().process_message(msg, cell, cell_index)
        except (KeyError, TypeError, AttributeError, ValueError):
            return None  # a message shaped to break the client: nothing of it is kept

    def output(
        self, outs: list[NotebookNode], msg: dict[str, Any], display_id: str | None, cell_index: int
    ) -> NotebookNode | None:
        content = msg.get("content", {})
        # Messages over the cap arrive sized but not decoded (kernel_channels): count the size.
        size = content[DROPPED] if DROPPED in content else len(str(content))
        used = self._output_bytes.get(cell_index, 0) + size
        self._output_bytes[cell_index] = used
        # The notebook's budget is for what is kept: output already cut costs the later cells nothing.
        if (
            DROPPED in content
            or used > self.limits.output_bytes_per_cell
            or self._kept_bytes + size > self.limits.output_bytes_per_notebook
        ):
            self.truncated.add(cell_index)
            return None
        self._kept_bytes += size
        return super().output(outs, msg, display_id, cell_index)

    async def _prepare_kernel(self) -> None:
        # exit() and quit() in a notebook cell would stop the kernel a moment later (ipykernel
        # stops its event loop); a grader has no one to ask, so they are made harmless.
        with contextlib.suppress(Exception):
            await self.kernel.evaluate("get_ipython().ask_exit = lambda: None", None, timeout=10)

    async def run_all(self) -> ExecutionResult:
        """Execute every cell in order; never raises for anything the notebook does."""
        started = time.monotonic()
        self._deadline = started + self.limits.total_timeout
        # nbclient types the timeout int | None but uses it as seconds: a fraction works as well.
        self.timeout_func = self._cell_timeout  # type: ignore[assignment]
        result = ExecutionResult()
        self.reset_execution_trackers()
        self.kc = self.kernel.kc
        await self._prepare_kernel()
        for index, cell in enumerate(self.nb.cells):
            if cell.get("cell_type") != "code":
                continue
            if time.monotonic() >= self._deadline:
                result.timed_out = True
                self.errors.append(
                    CellError(index, f"not run: the notebook exceeded its {self.limits.total_timeout:g} s time limit")
                )
                break
            try:
                await self.async_execute_cell(cell, index, execution_count=self.code_cells_executed + 1)
            except DeadKernelError:
                self.errors.append(
                    CellError(index, "the kernel died while running this cell (os._exit, a signal or out of memory?)")
                )
                result.kernel_alive = False
                break
            timed_out = any(e.index == index and e.error.startswith(TIMEOUT_ENAME) for e in self.errors)
            if timed_out and index not in self._idle_cells:
                # The interrupt did not stop the cell (SIGINT ignored, or stuck in C code).
                await self.kernel.kill()
                self.errors[-1] = CellError(
                    index,
                    f"{TIMEOUT_ENAME}: the cell ran too long and ignored the interrupt; the kernel was stopped",
                )
                result.kernel_alive = False
                break
        if result.kernel_alive and not await self.kernel.is_alive():
            result.kernel_alive = False
        result.errors = self.errors
        result.truncated_cells = sorted(self.truncated)
        result.duration_s = time.monotonic() - started
        return result


async def execute_notebook(
    nb: NotebookNode, kernel: SandboxedKernel, limits: ExecutionLimits | None = None
) -> ExecutionResult:
    """Run ``nb`` in the already started ``kernel`` (which stays alive for the hidden tests)."""
    client = GradingNotebookClient(nb, kernel, limits or ExecutionLimits())
    result = await client.run_all()
    if result.kernel_alive:
        # Children the notebook left behind (a fork bomb's, a background sleeper) would compete
        # with the hidden tests for CPU and the process limit.
        kernel.kill_strays()
    return result
