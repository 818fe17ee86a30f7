"""The class report: one self-contained HTML page for the instructor about a whole class.

Per exercise it draws the score histogram (inline SVG), gives each hidden test's pass rate
(hardest first) and names the planted bugs that no learner's tests caught; at the end it lists the
submissions that could not be graded, with the reason.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..feedback import exercise_of, exercise_title, shorten, tests_kept
from ..feedback.templating import environment
from .histogram import Histogram, score_histogram

__all__ = ["render_class_report", "write_class_report"]


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
class ErrorSubmission:
    learner: str
    exercise: str
    notebook: str
    reason: str


def render_class_report(
    results: Iterable[Mapping], *, titles: Mapping[str, str] | None = None
) -> str:
    """The class report for all ``results`` (any mix of exercises), as a complete HTML document."""
    results = list(results)
    by_exercise: dict[str, list[Mapping]] = {}
    for result in results:
        by_exercise.setdefault(exercise_of(result), []).append(result)
    exercises = [
        summarise(exercise, by_exercise[exercise], exercise_title(exercise, titles))
        for exercise in sorted(by_exercise)
    ]
    errors = [
        ErrorSubmission(
            learner=str(result["learner"]),
            exercise=exercise_title(exercise_of(result), titles),
            notebook=Path(str(result["path"])).name,
            reason=shorten(str(result.get("reason") or "no reason given")),
        )
        for result in sorted(results, key=lambda r: (exercise_of(r), str(r["learner"])))
        if result["status"] != "graded"
    ]
    return environment(__name__).get_template("class_report.html.j2").render(
        exercises=exercises, errors=errors, submissions=len(results)
    )


def write_class_report(
    results: Iterable[Mapping],
    path: str | os.PathLike[str],
    *,
    titles: Mapping[str, str] | None = None,
) -> Path:
    """Write the class report to ``path`` and return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_class_report(results, titles=titles), encoding="utf-8")
    return path


def summarise(exercise: str, results: list[Mapping], title: str) -> ExerciseSummary:
    """What the report says about one exercise's results."""
    graded = [result for result in results if result["status"] == "graded"]
    scores = [float(result["score"]) for result in graded]
    max_score = max((float(result["max_score"]) for result in results), default=0.0)

    passed: Counter[str] = Counter()
    runs: Counter[str] = Counter()
    caught_by: Counter[str] = Counter()
    descriptions: dict[str, str] = {}
    mutant_descriptions: dict[str, str] = {}
    for result in graded:
        for test in result.get("tests") or []:
            name = str(test["name"])
            descriptions.setdefault(name, str(test.get("description") or name))
            runs[name] += 1
            passed[name] += test["outcome"] == "passed"
        for mutant in result.get("mutants") or []:
            mutant_descriptions.setdefault(str(mutant["id"]), str(mutant["description"]))
            caught_by[str(mutant["id"])] += bool(mutant.get("caught"))
    eligible = sum(tests_kept(r.get("learner_tests") or {}) > 0 for r in graded)

    tests = sorted((PassRate(name, descriptions[name], passed[name], runs[name]) for name in runs),
                   key=lambda rate: (rate.percent, rate.name))
    mutants = sorted((CatchRate(key, mutant_descriptions[key], caught_by[key]) for key in mutant_descriptions),
                     key=lambda rate: (rate.caught_by, rate.id))
    return ExerciseSummary(
        exercise=exercise,
        title=title,
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

