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

from .templating import environment, safe_file_stem

__all__ = [
    "exercise_of",
    "exercise_title",
    "feedback_page_path",
    "render_feedback",
    "shorten",
    "spec_score",
    "write_feedback",
]

OUTCOMES = ("passed", "failed", "error")
UNKNOWN_EXERCISE = "unknown"

# A message quotes what the learner's app answered, which may be megabytes: the page keeps the start.
MAX_MESSAGE_CHARS = 2_000


@dataclass(frozen=True)
class Check:
    description: str
    outcome: str
    weight: float
    message: str


@dataclass(frozen=True)
class ScorePart:
    name: str
    score: float
    max_score: float


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


def tests_kept(learner_tests: Mapping) -> int:
    """How many of a learner's tests took part in the bug count.

    Results written before tests were scored one by one have no ``kept``: all or none did.
    """
    count = int(learner_tests.get("count", 0))
    return int(learner_tests.get("kept", count if learner_tests.get("passed_on_reference") else 0))


def exercise_of(result: Mapping) -> str:
    """The result's exercise id; a notebook the grader could not read may have none."""
    return str(result.get("exercise") or UNKNOWN_EXERCISE)


def exercise_title(exercise: str, titles: Mapping[str, str] | None = None) -> str:
    """The exercise's title from ``titles`` (the suites' ``title``), else its id made readable."""
    if titles and exercise in titles:
        return titles[exercise]
    if exercise == UNKNOWN_EXERCISE:
        return "Unknown exercise"
    return exercise.replace("_", " ").capitalize()


def spec_score(result: Mapping, spec_points: float) -> float:
    """The hidden tests' part of the score: ``spec_points`` times the share of test points earned.

    The rest of the score is what the learner's own tests earned by catching planted bugs.
    """
    tests = result.get("tests") or []
    possible = sum(float(test.get("max_points", 0)) for test in tests)
    earned = sum(float(test.get("points", 0)) for test in tests)
    return spec_points * earned / possible if possible else 0.0


def render_feedback(result: Mapping, *, title: str | None = None, spec_points: float | None = None) -> str:
    """The feedback page for one result dict, as a complete HTML document.

    With the suite's ``spec_points`` the page also splits the score into its two parts.
    """
    learner_tests = result.get("learner_tests") or {}
    mutants = result.get("mutants") or []
    checks = [
        Check(
            description=str(test.get("description") or test.get("name", "")),
            outcome=test["outcome"] if test["outcome"] in OUTCOMES else "error",
            weight=float(test.get("max_points", 0)),
            message=shorten(str(test.get("message") or "")),
        )
        for test in result.get("tests") or []
    ]
    count = int(learner_tests.get("count", 0))
    quality = LearnerTestsQuality(
        count=count,
        kept=tests_kept(learner_tests),
        left_out=[LeftOutTest(str(t.get("name", "")), shorten(str(t.get("message") or "")))
                  for t in learner_tests.get("left_out") or [] if isinstance(t, Mapping)],
        not_counted=[f"{t.get('name', '')} (cell {t.get('cell', '?')})"
                     for t in learner_tests.get("not_counted") or [] if isinstance(t, Mapping)],
        message=shorten(str(learner_tests.get("message") or "")),
        caught=[str(m["description"]) for m in mutants if m.get("caught")],
        missed=[str(m["description"]) for m in mutants if not m.get("caught")],
    )
    cells = [
        # Learners count cells from 1, as they see them top to bottom.
        FailedCell(number=int(cell["index"]) + 1, error=shorten(str(cell.get("error") or "")))
        for cell in result.get("cells") or []
    ]
    parts = []
    if spec_points is not None and result["status"] == "graded":
        # In cents, the second part being the rest: the two parts add up to the score as shown.
        spec = round(spec_score(result, spec_points), 2)
        parts = [ScorePart("Checks of your app", spec, spec_points),
                 ScorePart("Planted bugs your tests caught", max(round(float(result["score"]) - spec, 2), 0.0),
                           float(result["max_score"]) - spec_points)]
    return environment(__name__).get_template("feedback.html.j2").render(
        output_cut=output_cut_note(result),
        title=title or exercise_title(exercise_of(result)),
        learner=str(result["learner"]),
        submission=Path(str(result["path"])).name,
        graded=result["status"] == "graded",
        reason=str(result.get("reason") or ""),
        score=float(result["score"]),
        max_score=float(result["max_score"]),
        parts=parts,
        checks=checks,
        passed_checks=sum(check.outcome == "passed" for check in checks),
        cells=cells,
        quality=quality,
        duration_s=result.get("duration_s"),
    )


def feedback_page_path(result: Mapping, out_dir: str | os.PathLike[str]) -> Path:
    """Where ``write_feedback`` puts a result's page: ``out_dir/<exercise>/<learner>.html``."""
    exercise = safe_file_stem(exercise_of(result))
    return Path(out_dir) / exercise / f"{safe_file_stem(str(result['learner']))}.html"


def write_feedback(
    results: Iterable[Mapping],
    out_dir: str | os.PathLike[str],
    *,
    titles: Mapping[str, str] | None = None,
    spec_points: Mapping[str, float] | None = None,
) -> list[Path]:
    """Write one feedback page per result under ``out_dir``; return the pages' paths.

    ``titles`` and ``spec_points`` map exercise ids to their suite's ``title`` and ``spec_points``.
    """
    results = list(results)
    pages: list[Path] = []
    seen: set[Path] = set()
    # Checked before the first page is written, so a refused batch leaves the folder as it was.
    for result in results:
        page = feedback_page_path(result, out_dir)
        if page in seen:
            raise ValueError(f"two results would share the feedback page {page}")
        seen.add(page)
        pages.append(page)
    for result, page in zip(results, pages):
        page.parent.mkdir(parents=True, exist_ok=True)
        exercise = exercise_of(result)
        page.write_text(
            render_feedback(result, title=exercise_title(exercise, titles),
                            spec_points=(spec_points or {}).get(exercise)),
            encoding="utf-8",
        )
    return pages


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying so when it was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… ({len(text) - limit:,} more characters not shown)"


def output_cut_note(result: Mapping) -> str:
    """The sentence telling a learner which cells' output the grader cut (``""`` when none was)."""
    cut = result.get("output_cut") or {}
    numbers = [int(index) + 1 for index in cut.get("cells") or []]
    if not numbers:
        return ""
    listed = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
    cells = "cell" if len(numbers) == 1 else "cells"
    per_cell = int(cut.get("per_cell_bytes", 0)) // 1024
    per_notebook = int(cut.get("per_notebook_bytes", 0)) // 1024
    return (f"The grader kept only part of the output of {cells} {listed} (counted from 1): it keeps at most "
            f"{per_cell:,} KiB a cell and {per_notebook:,} KiB a notebook. This costs no points; printing less "
            "keeps your errors readable.")
