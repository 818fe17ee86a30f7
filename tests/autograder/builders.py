"""Building blocks for the grader's own tests: notebooks from cell lists, the notes fixture, small limits.

The grader's fixture exercise ``notes`` lives in ``files/suites/notes`` and
``files/solutions/notes.ipynb``; hostile submissions are built from it with ``notebook()``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.grading.execution import ExecutionLimits
from autograder.grading.options import GradeOptions
from autograder.grading.quality import QualityLimits
from autograder.material.notebook import read_notebook, tagged_cells
from autograder.material.suite import Suite, load_suite
from autograder.runtime.cells import defined_tests
from autograder.sandbox import SandboxLimits, bwrap_problem
from autograder.sandbox.mode import running_in_ci


def sandbox_problem() -> str:
    """Why the grader's full sandbox cannot run here, or ``""`` when it can.

    Installed is not enough: bubblewrap must be able to make its namespaces (the grader's own
    probe asks), and the grader must be root to give each sandbox a uid of its own.
    """
    problem = bwrap_problem()
    if problem:
        return problem
    if os.geteuid() != 0:
        return "the tests do not run as root, so sandboxes get no uid of their own"
    return ""


SANDBOX_PROBLEM = sandbox_problem()
needs_bwrap = pytest.mark.skipif(
    bool(SANDBOX_PROBLEM) and not running_in_ci(),
    reason=f"{SANDBOX_PROBLEM} (in CI this fails instead)",
)

FILES = Path(__file__).parent / "files"
SUITES = FILES / "suites"
SOLUTIONS = FILES / "solutions"
NOTES_SOLUTION = SOLUTIONS / "notes.ipynb"
NOTES_SUITE = load_suite("notes", SUITES, SOLUTIONS)


def hidden_test_points(suite: Suite) -> dict[str, float]:
    """Each hidden test of ``suite`` with its points (1 unless suite.toml gives more), read from the source.

    One function is one test here: a parametrized hidden test would not match the grader's results.
    """
    return {name: suite.points.get(name, 1.0) for name in defined_tests(suite.hidden_tests.read_text(encoding="utf-8"))}


def notes_spec_score(*failing: str) -> float:
    """The notes exercise's spec points for a notebook that fails only the hidden tests named."""
    points = hidden_test_points(NOTES_SUITE)
    possible = sum(points.values())
    return round(NOTES_SUITE.spec_points * (possible - sum(points[name] for name in failing)) / possible, 2)


def notes_cells(tag: str) -> list[str]:
    """The sources of the notes solution's cells tagged ``tag``."""
    return [source for _, source in tagged_cells(read_notebook(NOTES_SOLUTION).notebook, tag)]


def notebook(*cells: str | tuple[str, str], exercise: str | None = "notes", **metadata: Any) -> nbformat.NotebookNode:
    """A notebook of code cells; a ``(tag, source)`` pair is a tagged cell, ``("md", text)`` Markdown."""
    built = []
    for cell in cells:
        tag, source = cell if isinstance(cell, tuple) else ("", cell)
        if tag == "md":
            built.append(new_markdown_cell(source))
        else:
            built.append(new_code_cell(source, metadata={"tags": [tag]} if tag else {}))
    if exercise is not None:
        metadata.setdefault("course", {"exercise": exercise})
    metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    return new_notebook(cells=built, metadata=metadata)


def app_notebook(
    *extra: str | tuple[str, str], before: tuple[str | tuple[str, str], ...] = ()
) -> nbformat.NotebookNode:
    """The notes solution's app cells, with ``before`` cells ahead of them and ``extra`` cells after."""
    return notebook(*before, *(("app", source) for source in notes_cells("app")), *extra)


def write(path: Path, nb: nbformat.NotebookNode) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def small_options(**overrides: Any) -> GradeOptions:
    """Grader options for the notes fixture with short time limits, so misbehaving notebooks end fast."""
    settings: dict[str, Any] = {
        "suites": SUITES,
        "solutions": SOLUTIONS,
        "execution": ExecutionLimits(
            cell_timeout=4, total_timeout=25, output_bytes_per_cell=64 * 1024, interrupt_grace=2
        ),
        "quality": QualityLimits(variant_timeout=10, startup_timeout=30, total_timeout=90),
        "sandbox": SandboxLimits(cpu_seconds=60),
        "startup_timeout": 30,
        "request_timeout": 4,
        "hidden_budget": 40,
    }
    settings.update(overrides)
    return GradeOptions(**settings)


def memfd_hoard(files: int, mib: int) -> str:
    """Code that writes ``files`` memfd files of ``mib`` MiB: memory that RLIMIT_AS does not count."""
    return (
        "import os\n"
        "hoard = []\n"
        f"for _ in range({files}):\n"
        "    fd = os.memfd_create('hoard')\n"
        f"    os.write(fd, b'x' * ({mib} * 1024 * 1024))\n"
        "    hoard.append(fd)\n"
        "print('hoarded')\n"
    )


def children_filling_memory(children: int, mib: int) -> str:
    """Code whose ``children`` each touch ``mib`` MiB, all at once; it raises if every one managed."""
    return (
        "import os, time\n"
        "children = []\n"
        f"for _ in range({children}):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        f"        block = bytearray({mib} * 1024 * 1024)\n"
        "        for offset in range(0, len(block), 4096):\n"
        "            block[offset] = 1\n"
        "        time.sleep(2)  # hold it while the others fill theirs\n"
        "        os._exit(0)\n"
        "    children.append(pid)\n"
        "held = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]\n"
        f"if held.count(0) == {children}:\n"
        f"    raise RuntimeError('all {children} children held {mib} MiB at once')\n"
    )
