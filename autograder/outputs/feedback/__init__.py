"""Feedback pages: one self-contained HTML page per graded submission, written for the learner.

A page shows the score, every hidden check with its learner-facing description and the message
the grader wrote (the request made, what was expected, what came back), the notebook cells that
raised, and how many planted bugs the learner's own tests caught, naming the ones they missed.
It never shows a hidden test's name or source: only what the result dict says about it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from autograder.outputs.templating import environment, safe_file_stem
from autograder.outputs.text import output_cut_note, shorten
from autograder.result import Result

__all__ = ["feedback_page_path", "render_feedback", "write_feedback"]

OUTCOMES = ("passed", "failed", "error")


@dataclass(frozen=True)
class Check:
    description: str
    case: str  # the parametrized case's id, "" for a test that is not parametrized
    outcome: str
    weight: float
    message: str


@dataclass(frozen=True)
class CheckGroup:
    """The cases of one check: a parametrized hidden test has several, under one description."""

    description: str
    cases: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(case.outcome == "passed" for case in self.cases)

    @property
    def failing(self) -> list[Check]:
        return [case for case in self.cases if case.outcome != "passed"]

    @property
    def outcome(self) -> str:
        """ "error" if a case could not run at all, else "failed" (or "passed")."""
        if self.passed:
            return "passed"
        return "error" if any(case.outcome == "error" for case in self.failing) else "failed"

    @property
    def weight(self) -> float:
        return sum(case.weight for case in self.cases)


@dataclass(frozen=True)
class FailedCell:
    number: int
    error: str


@dataclass(frozen=True)
class LearnerTestsQuality:
    """What the page says about the learner's own tests."""

    count: int  # tests that ran on the correct app
    kept: int  # of those, the tests that passed on it every time
    left_out: list[LeftOutTest]
    not_counted: list[str]  # tests outside the cells tagged "tests", with their cell
    message: str
    caught: list[str]
    missed: list[str]


@dataclass(frozen=True)
class LeftOutTest:
    """A learner test kept out of the bug count, and why (pytest's words for it on a correct app)."""

    name: str
    message: str


def render_feedback(result: Mapping | Result) -> str:
    """The feedback page for one result, as a complete HTML document."""
    result = Result.of(result)
    learner_tests = result.learner_tests
    mutants = result.mutants
    checks = [
        Check(
            description=str(test.get("description") or test.get("name", "")),
            case=case_id(str(test.get("name", ""))),
            outcome=test["outcome"] if test["outcome"] in OUTCOMES else "error",
            weight=float(test.get("max_points", 0)),
            message=shorten(str(test.get("message") or "")),
        )
        for test in result.tests
    ]
    groups = group_checks(checks)
    quality = LearnerTestsQuality(
        count=int(learner_tests.get("count", 0)),
        kept=result.tests_kept,
        left_out=[
            LeftOutTest(str(t.get("name", "")), shorten(str(t.get("message") or "")))
            for t in learner_tests.get("left_out") or []
            if isinstance(t, Mapping)
        ],
        not_counted=[
            f"{t.get('name', '')} (cell {t.get('cell', '?')})"
            for t in learner_tests.get("not_counted") or []
            if isinstance(t, Mapping)
        ],
        message=shorten(str(learner_tests.get("message") or "")),
        caught=[str(m["description"]) for m in mutants if m.get("caught")],
        missed=[str(m["description"]) for m in mutants if not m.get("caught")],
    )
    cells = [
        # Learners count cells from 1, as they see them top to bottom.
        FailedCell(number=int(cell["index"]) + 1, error=shorten(str(cell.get("error") or "")))
        for cell in result.cells
    ]
    return (
        environment(__name__)
        .get_template("feedback.html.j2")
        .render(
            output_cut=output_cut_note(result),
            title=result.title,
            learner=result.learner,
            submission=Path(result.path).name,
            graded=result.graded,
            reason=result.reason,
            score=result.score,
            max_score=result.max_score,
            parts=list(result.parts) if result.graded else [],
            checks=checks,
            passed_checks=sum(check.outcome == "passed" for check in checks),
            failing_groups=[group for group in groups if not group.passed],
            passing_groups=[group for group in groups if group.passed],
            blocked=blocked_by(checks),
            cells=cells,
            quality=quality,
            duration_s=result.duration_s,
        )
    )


def case_id(name: str) -> str:
    """The id of a parametrized test's case (``test_x[bearer]`` is ``bearer``); ``""`` if it has none."""
    return name[name.index("[") + 1 : -1] if name.endswith("]") and "[" in name else ""


def group_checks(checks: list[Check]) -> list[CheckGroup]:
    """Cases under one description together, in the order their first case came."""
    grouped: dict[str, list[Check]] = {}
    for check in checks:
        grouped.setdefault(check.description, []).append(check)
    return [CheckGroup(description, tuple(cases)) for description, cases in grouped.items()]


def blocked_by(checks: list[Check]) -> str:
    """The one message every check stopped at, when none passed and all say the same; else ``""``.

    That is an app that could not be built or reached: one banner says it instead of a row per check.
    """
    messages = {check.message for check in checks}
    if len(checks) > 1 and len(messages) == 1 and all(check.outcome != "passed" for check in checks):
        return messages.pop()
    return ""


def feedback_page_path(result: Mapping | Result, out_dir: str | os.PathLike[str]) -> Path:
    """Where ``write_feedback`` puts a result's page: ``out_dir/<exercise>/<learner>.html``."""
    result = Result.of(result)
    return Path(out_dir) / safe_file_stem(result.exercise_id) / f"{safe_file_stem(result.learner)}.html"


def write_feedback(results: Iterable[Mapping | Result], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write one feedback page per result under ``out_dir``; return the pages' paths."""
    results = [Result.of(result) for result in results]
    pages: list[Path] = []
    seen: set[Path] = set()
    # Checked before the first page is written, so a refused batch leaves the folder as it was.
    for result in results:
        page = feedback_page_path(result, out_dir)
        if page in seen:
            raise ValueError(f"two results would share the feedback page {page}")
        seen.add(page)
        pages.append(page)
    for result, page in zip(results, pages, strict=True):
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(render_feedback(result), encoding="utf-8")
    return pages
