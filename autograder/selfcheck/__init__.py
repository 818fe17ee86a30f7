"""The learner's self-check, run from an exercise notebook: ``from course_check import check; check()``.

It runs, in the notebook's own kernel and against the app its cells define (``create_app``):

* the exercise's public tests, a first taste of the hidden ones the grader runs;
* the learner's own ``test_*`` functions from the notebook,

with the same fixtures as the grader (``client``, ``make_client``, ``outbox``; see
``autograder.runtime``), then prints one short table: test, result, hint. It needs no grader,
no sandbox and no network. In the learner bundle this package is ``course_check``.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..runtime import TestResult, run_tests
from ..runtime.kernel_side import check_create_app
from . import exercises

__all__ = ["SelfCheck", "check", "render", "self_check"]

RESULT_STYLES = {"passed": "green", "failed": "bold red", "error": "bold red", "skipped": "yellow"}


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

    @property
    def passed(self) -> bool:
        return not self.problem and all(r.outcome == "passed" for r in [*self.course, *self.yours])


def self_check(namespace: Mapping[str, Any], exercise: str | None = None) -> SelfCheck:
    """Run the public tests and the ``test_*`` functions of ``namespace`` against its ``create_app``."""
    exercise = exercise or exercises.detect_exercise(namespace)
    public = exercises.public_tests(exercise)
    descriptions = {
        name: _first_line(func.__doc__) or name
        for name, func in public.items()
        if name.startswith("test") and inspect.isfunction(func)
    }
    title = exercises.title(exercise)
    problem = check_create_app(namespace)
    if problem:
        return SelfCheck(exercise, title, problem, [], [], descriptions)
    config = exercises.app_config(exercise)
    create_app = namespace["create_app"]
    return SelfCheck(
        exercise=exercise,
        title=title,
        problem="",
        course=run_tests(public, create_app, config),
        yours=run_tests(namespace, create_app, config),
        descriptions=descriptions,
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
        table.add_row(Text("Your app"), Text("error", style=RESULT_STYLES["error"]),
                      Text(f"{report.problem}. Run the app cells first, then check() again."))
    for result in report.course:
        base_name = result.name.split("[", 1)[0]
        table.add_row(Text(report.descriptions.get(base_name, result.name)), *_outcome_cells(result))
    if report.course and report.yours:
        table.add_section()
    for result in report.yours:
        table.add_row(Text(result.name), *_outcome_cells(result))
    table.caption = _summary(report)
    return table


def _outcome_cells(result: TestResult) -> tuple[Text, Text]:
    return (Text(result.outcome, style=RESULT_STYLES.get(result.outcome, "")),
            Text(result.message if result.outcome != "passed" else ""))


def _summary(report: SelfCheck) -> str:
    if report.problem:
        return "Nothing was run."
    passed = sum(r.outcome == "passed" for r in report.course)
    parts = [f"Course tests: {passed} of {len(report.course)} passed."]
    if report.yours:
        passed = sum(r.outcome == "passed" for r in report.yours)
        parts.append(f"Your tests: {passed} of {len(report.yours)} passed.")
    else:
        parts.append("You have no test_ functions yet: write some in the tests cells.")
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
