"""The learner's self-check, run from an exercise notebook: ``from course_check import check; check()``.

It runs, in the notebook's own kernel and against the app its cells define (``create_app``):

* the exercise's public tests, a first taste of the hidden ones the grader runs;
* the learner's own tests: the cells tagged ``tests`` of the *saved* notebook, joined into one
  module, exactly what the grader runs (``runtime.cells`` is the rule both follow),

both under pytest itself with the grader's fixtures (``client``, ``make_client``, ``outbox``; see
``autograder.runtime``), then prints one short table: test, result, hint. Tests that fall outside
the rule (a ``test_`` function in an untagged cell, a change not saved yet) are named with what to
do. It needs no grader, no sandbox and no network. In the learner bundle this package is
``course_check``.
"""

from __future__ import annotations

import ast
import inspect
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..runtime import AppSession, TestResult, run_pytest
from ..runtime.cells import TESTS_TAG, cell_source, defined_tests, tagged_source, tests_outside_the_rule
from ..runtime.kernel_server import check_create_app
from . import exercises

__all__ = ["SelfCheck", "check", "render", "self_check"]

RESULT_STYLES = {
    "passed": "green",
    "failed": "bold red",
    "error": "bold red",
    "skipped": "yellow",
    "xfailed": "yellow",
    "not counted": "bold yellow",
}
YOUR_TESTS_FILE = "test_yours.py"
COURSE_TESTS_FILE = "test_course.py"


@dataclass(frozen=True)
class SelfCheck:
    """What one self-check found."""

    exercise: str
    title: str
    # Why the app could not be checked at all (no create_app, ...), else "".
    problem: str
    course: list[TestResult]
    yours: list[TestResult]
    # Public test name -> its docstring's first line, which says what it checks.
    descriptions: Mapping[str, str]
    # Where the notebook falls outside the rule the grader follows: (what, what to do).
    not_counted: list[tuple[str, str]] = field(default_factory=list)
    # The learner's tests module did not load under pytest (a syntax error...).
    tests_error: str = ""

    @property
    def passed(self) -> bool:
        results = [*self.course, *self.yours]
        return not (self.problem or self.not_counted or self.tests_error) and all(
            r.outcome in ("passed", "skipped", "xfailed") for r in results
        )


def _descriptions(source: str) -> dict[str, str]:
    """Public test name -> the first line of its docstring (or the name), read from the source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {
        node.name: _first_line(ast.get_docstring(node)) or node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    }


def _kernel_tests(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Test functions and classes the kernel ran (defined in ``__main__``), by name."""
    return {
        name: value
        for name, value in namespace.items()
        if (
            (name.startswith("test") and inspect.isfunction(value))
            or (name.startswith("Test") and inspect.isclass(value))
        )
        and getattr(value, "__module__", None) == "__main__"
    }


def _unsaved(kernel_tests: Mapping[str, Any], saved_source: str, saved_names: set[str]) -> list[tuple[str, str]]:
    notes = []
    for name, value in kernel_tests.items():
        if name not in saved_names:
            notes.append(
                (
                    name,
                    (
                        "is in the kernel but not in the saved notebook: save the notebook (Ctrl+S), "
                        "then run check() again; the grader grades the saved file"
                    ),
                )
            )
            continue
        try:
            ran = inspect.getsource(value)
        except (OSError, TypeError):
            continue
        if ran.strip() not in saved_source:
            notes.append(
                (
                    name,
                    (
                        "differs between the saved notebook and what the kernel ran: save the notebook "
                        "(Ctrl+S) and re-run its cell; check() and the grader run the saved version"
                    ),
                )
            )
    return notes


def _rule_notes(cells: Sequence[Any], namespace: Mapping[str, Any], tests_source: str) -> list[tuple[str, str]]:
    notes = [
        (
            name,
            (
                f"is in cell {index + 1}, which has no '{TESTS_TAG}' tag: the grader does not run it. "
                f"Add the '{TESTS_TAG}' tag to that cell, or move the test into a cell that has it"
            ),
        )
        for name, index in tests_outside_the_rule(cells)
    ]
    saved_names = {name for cell in cells if isinstance(cell, dict) for name in defined_tests(cell_source(cell))}
    return notes + _unsaved(_kernel_tests(namespace), tests_source, saved_names)


def _run(files: Mapping[str, str], new_session: Callable[[], Any]) -> tuple[list[TestResult], str]:
    workdir = tempfile.mkdtemp(prefix="course-check-")
    try:
        report = run_pytest(files, new_session, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return report.results, "; ".join(report.collection_errors)


def self_check(
    namespace: Mapping[str, Any], exercise: str | None = None, *, cells: Sequence[Any] | None = None
) -> SelfCheck:
    """Run the public tests and the saved notebook's ``tests`` cells against ``namespace``'s ``create_app``.

    ``cells`` are the saved notebook's cells; by default they are read from the notebook file
    the kernel belongs to.
    """
    notebook = exercises.saved_notebook(namespace) if cells is None or exercise is None else None
    exercise = exercise or exercises.detect_exercise(namespace, notebook)
    public_source = exercises.public_tests_source(exercise)
    descriptions = _descriptions(public_source)
    title = exercises.title(exercise)
    problem = check_create_app(namespace)
    if problem:
        return SelfCheck(exercise, title, problem, [], [], descriptions)
    config = exercises.app_config(exercise)
    create_app = namespace["create_app"]

    def new_session() -> AppSession:
        return AppSession(create_app, config)

    course, _ = _run({COURSE_TESTS_FILE: public_source}, new_session)
    if cells is None and notebook is not None and isinstance(notebook.get("cells"), list):
        cells = notebook["cells"]
    if cells is None:
        note = (
            "your tests",
            (
                "were not run: check() could not find this notebook's file. Run check() from "
                "inside the saved notebook (JupyterLab or VS Code), or name the exercise and keep the notebook saved"
            ),
        )
        return SelfCheck(exercise, title, "", course, [], descriptions, [note])
    tests_source = tagged_source(cells, TESTS_TAG)
    yours: list[TestResult] = []
    tests_error = ""
    if defined_tests(tests_source) or tests_source.strip():
        yours, tests_error = _run({YOUR_TESTS_FILE: tests_source}, new_session)
    return SelfCheck(
        exercise, title, "", course, yours, descriptions, _rule_notes(cells, namespace, tests_source), tests_error
    )


def _first_line(text: str | None) -> str:
    return next((line.strip() for line in (text or "").splitlines() if line.strip()), "")


def render(report: SelfCheck) -> Table:
    """The report as one rich table: test, result, hint."""
    table = Table(title=f"Self-check: {report.title}", title_justify="left", caption_justify="left")
    table.add_column("Test", overflow="fold")
    table.add_column("Result")
    table.add_column("Hint", overflow="fold")
    if report.problem:
        table.add_row(
            Text("Your app"),
            Text("error", style=RESULT_STYLES["error"]),
            Text(f"{report.problem}. Run the app cells first, then check() again."),
        )
    for result in report.course:
        base_name = result.name.split("[", 1)[0]
        table.add_row(Text(report.descriptions.get(base_name, result.name)), *_outcome_cells(result))
    if report.course and (report.yours or report.not_counted or report.tests_error):
        table.add_section()
    if report.tests_error:
        table.add_row(
            Text("Your tests cells"),
            Text("error", style=RESULT_STYLES["error"]),
            Text(f"pytest could not load them: {report.tests_error}"),
        )
    for result in report.yours:
        hint = result.message
        if result.outcome in ("failed", "error"):
            hint += "\n(On your app. The grader runs your tests on a correct app, where they must pass.)"
        table.add_row(
            Text(result.name),
            Text(result.outcome, style=RESULT_STYLES.get(result.outcome, "")),
            Text(hint if result.outcome != "passed" else ""),
        )
    for name, what in report.not_counted:
        table.add_row(Text(name), Text("not counted", style=RESULT_STYLES["not counted"]), Text(f"{name} {what}."))
    table.caption = _summary(report)
    return table


def _outcome_cells(result: TestResult) -> tuple[Text, Text]:
    return (
        Text(result.outcome, style=RESULT_STYLES.get(result.outcome, "")),
        Text(result.message if result.outcome != "passed" else ""),
    )


def _summary(report: SelfCheck) -> str:
    if report.problem:
        return "Nothing was run."
    passed = sum(r.outcome == "passed" for r in report.course)
    parts = [f"Course tests: {passed} of {len(report.course)} passed."]
    ran = [r for r in report.yours if r.outcome not in ("skipped", "xfailed")]
    if ran:
        passed = sum(r.outcome == "passed" for r in ran)
        parts.append(f"Your tests: {passed} of {len(ran)} passed.")
    elif not report.tests_error:
        parts.append(f"You have no tests yet: write test_ functions in the cells tagged '{TESTS_TAG}'.")
    if report.not_counted:
        parts.append(f"{len(report.not_counted)} not counted (see above).")
    parts.append("The grader runs many more checks than these.")
    return " ".join(parts)


def check(exercise: str | None = None, *, console: Console | None = None) -> None:
    """Run the self-check for this notebook and print the table (``exercise`` only if asked for)."""
    namespace = vars(sys.modules["__main__"])
    try:
        report = self_check(namespace, exercise)
    except exercises.ExerciseNotFound as error:
        (console or Console()).print(Text(f"Self-check: {error}", style=RESULT_STYLES["error"]))
        return
    (console or Console()).print(render(report))
