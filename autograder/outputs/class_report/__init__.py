"""The class report: one self-contained HTML page for the instructor about a whole class.

It opens with the roster: every learner's score and its two parts, a link to their feedback page
and flags for what needs a look (tests rejected, no tests, errors in cells, a fault of the grader),
sortable by any column in the browser. Per exercise it then draws the score histogram (inline SVG,
as wide as the page allows), gives each hidden test's pass rate (hardest first) and names the
planted bugs that no learner's tests caught; at the end it lists the submissions that could not be
graded, with the reason.
"""

from __future__ import annotations

import base64
import hashlib
import os
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from autograder.outputs.class_report.histogram import Histogram, score_histogram
from autograder.outputs.feedback import feedback_page_path
from autograder.outputs.templating import environment
from autograder.outputs.text import shorten
from autograder.result import Result, ScorePart

__all__ = ["render_class_report", "write_class_report"]

# Sorting the roster is the one thing the report runs; the page's policy allows this script by hash.
SORT_SCRIPT = (Path(__file__).parent / "templates" / "sort_table.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class PassRate:
    name: str
    description: str
    passed: int
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.passed / self.total


@dataclass(frozen=True)
class CatchRate:
    id: str
    description: str
    caught_by: int


@dataclass(frozen=True)
class ExerciseSummary:
    exercise: str
    title: str
    submissions: int
    graded: int
    mean: float | None
    median: float | None
    max_score: float
    histogram: Histogram | None
    tests: list[PassRate]
    # Only learners whose tests passed on the reference app can catch a mutant.
    eligible_learners: int
    mutants: list[CatchRate]

    @property
    def uncaught(self) -> list[CatchRate]:
        return [mutant for mutant in self.mutants if mutant.caught_by == 0]


@dataclass(frozen=True)
class RosterRow:
    learner: str
    exercise: str
    score: float
    max_score: float
    parts: tuple[ScorePart, ...]
    status: str
    feedback: str | None  # the feedback page, relative to the report
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ErrorSubmission:
    learner: str
    exercise: str
    notebook: str
    reason: str


def render_class_report(results: Iterable[Mapping | Result], *, feedback: str | None = None) -> str:
    """The class report for all ``results`` (any mix of exercises), as a complete HTML document.

    ``feedback`` is the feedback pages' folder as seen from the report's own; the roster links to them.
    """
    all_results = [Result.of(result) for result in results]
    by_exercise: dict[str, list[Result]] = {}
    for result in all_results:
        by_exercise.setdefault(result.exercise_id, []).append(result)
    exercises = [summarise(exercise, by_exercise[exercise]) for exercise in sorted(by_exercise)]
    errors = [
        ErrorSubmission(
            learner=result.learner,
            exercise=result.title,
            notebook=Path(result.path).name,
            reason=shorten(result.reason or "no reason given"),
        )
        for result in sorted(all_results, key=lambda r: (r.exercise_id, r.learner))
        if not result.graded
    ]
    roster = [roster_row(result, feedback) for result in sorted(all_results, key=lambda r: (r.learner, r.exercise_id))]
    return (
        environment(__name__)
        .get_template("class_report.html.j2")
        .render(
            exercises=exercises,
            errors=errors,
            submissions=len(all_results),
            roster=roster,
            learners=len({row.learner for row in roster}),
            flagged=sum(bool(row.flags) for row in roster),
            script=SORT_SCRIPT,
            script_hash=script_hash(SORT_SCRIPT),
        )
    )


def roster_row(result: Result, feedback: str | None) -> RosterRow:
    """One learner's line: score, parts, status, their feedback page and what needs a look."""
    flags = []
    if result.grader_fault:
        flags.append("the grader failed: regrade")
    elif result.graded:
        count = int(result.learner_tests.get("count", 0))
        if count == 0:
            flags.append("no tests of their own")
        elif result.tests_kept == 0:
            flags.append("all their tests rejected")
        elif result.tests_kept < count:
            flags.append(f"{count - result.tests_kept} of their {count} tests rejected")
        if result.cells:
            flags.append("cells raised errors")
        if result.reason:
            flags.append("app not fully tested")
    page = None
    if feedback is not None:
        page = feedback_page_path(result, feedback).as_posix()
    return RosterRow(
        learner=result.learner,
        exercise=result.title,
        score=result.score,
        max_score=result.max_score,
        parts=result.parts,
        status="graded" if result.graded else "not graded",
        feedback=page,
        flags=tuple(flags),
    )


def script_hash(script: str) -> str:
    """The Content-Security-Policy hash that lets exactly this inline script run, and nothing else."""
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def write_class_report(
    results: Iterable[Mapping | Result], path: str | os.PathLike[str], *, feedback: str | os.PathLike[str] | None = None
) -> Path:
    """Write the class report to ``path`` and return it; ``feedback`` is the feedback pages' folder, if any."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    relative = None
    if feedback is not None:
        relative = os.path.relpath(Path(feedback).resolve(), path.parent.resolve())
    path.write_text(render_class_report(results, feedback=relative), encoding="utf-8")
    return path


def summarise(exercise: str, results: list[Result]) -> ExerciseSummary:
    """What the report says about one exercise's results."""
    graded = [result for result in results if result.graded]
    scores = [result.score for result in graded]
    max_score = max((result.max_score for result in results), default=0.0)

    passed: Counter[str] = Counter()
    runs: Counter[str] = Counter()
    caught_by: Counter[str] = Counter()
    descriptions: dict[str, str] = {}
    mutant_descriptions: dict[str, str] = {}
    for result in graded:
        for test in result.tests:
            name = str(test["name"])
            descriptions.setdefault(name, str(test.get("description") or name))
            runs[name] += 1
            passed[name] += test["outcome"] == "passed"
        for mutant in result.mutants:
            mutant_descriptions.setdefault(str(mutant["id"]), str(mutant["description"]))
            caught_by[str(mutant["id"])] += bool(mutant.get("caught"))
    eligible = sum(result.tests_kept > 0 for result in graded)

    tests = sorted(
        (PassRate(name, descriptions[name], passed[name], runs[name]) for name in runs),
        key=lambda rate: (rate.percent, rate.name),
    )
    mutants = sorted(
        (CatchRate(key, mutant_descriptions[key], caught_by[key]) for key in mutant_descriptions),
        key=lambda rate: (rate.caught_by, rate.id),
    )
    return ExerciseSummary(
        exercise=exercise,
        title=results[0].title,
        submissions=len(results),
        graded=len(graded),
        mean=statistics.fmean(scores) if scores else None,
        median=statistics.median(scores) if scores else None,
        max_score=max_score,
        histogram=score_histogram(scores, max_score) if scores and max_score > 0 else None,
        tests=tests,
        eligible_learners=eligible,
        mutants=mutants,
    )
