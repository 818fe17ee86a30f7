"""The gradebook: a CSV file with one row per learner, one column per exercise and a total.

Grading one exercise again rewrites only that exercise's cells: every other cell of an existing
gradebook is kept. The new file is written next to the old one and moved over it with
``os.replace``, so a crash mid-write leaves the previous gradebook intact, never half a file.
One grader at a time should write a given gradebook: two at once may lose each other's column.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from autograder.atomic_files import write_text_atomic
from autograder.result import Result

__all__ = ["LEARNER", "TOTAL", "format_score", "read_gradebook", "write_gradebook"]

LEARNER = "learner"
TOTAL = "total"

# Learner names come from submissions. A spreadsheet runs a cell starting with one of these as a
# formula, so such a cell is written with a leading apostrophe (OWASP's advice for CSV injection);
# a name that itself starts with an apostrophe gets one too, so reading it back is unambiguous.
_QUOTED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

Scores = dict[str, dict[str, float]]


def write_gradebook(results: Iterable[Mapping | Result], path: str | os.PathLike[str]) -> list[Result]:
    """Record each result's score in the gradebook at ``path``, creating it or merging into it.

    A result sets the cell of its ``learner`` and ``exercise``; an error result counts with the
    score it carries. A result that names no exercise (the grader could not read the notebook)
    has no column: it is left out and returned, for the caller to report. Two results for the
    same learner and exercise are refused (ValueError) before anything is written, as they mean
    the submissions were collected wrongly.
    """
    path = Path(path)
    exercises, scores = read_gradebook(path) if path.exists() else ([], {})
    graded: set[tuple[str, str]] = set()
    new_exercises: set[str] = set()
    unplaced: list[Result] = []
    for result in map(Result.of, results):
        if not result.exercise:
            unplaced.append(result)
            continue
        learner, exercise = result.learner, result.exercise
        if (learner, exercise) in graded:
            raise ValueError(f"two results for learner {learner!r} in exercise {exercise!r}")
        graded.add((learner, exercise))
        if exercise not in exercises:
            new_exercises.add(exercise)
        scores.setdefault(learner, {})[exercise] = round(result.score, 2)
    write_text_atomic(path, _to_csv([*exercises, *sorted(new_exercises)], scores))
    return unplaced


def read_gradebook(path: str | os.PathLike[str]) -> tuple[list[str], Scores]:
    """Return the exercise columns, in file order, and each learner's scores from a gradebook."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    if not rows or len(rows[0]) < 2 or rows[0][0] != LEARNER or rows[0][-1] != TOTAL:
        raise ValueError(f"{path} is not a gradebook: its header must be '{LEARNER},...,{TOTAL}'")
    exercises = rows[0][1:-1]
    scores: Scores = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise ValueError(f"{path}, line {line}: expected {len(rows[0])} cells, found {len(row)}")
        learner = _restore(row[0])
        try:
            scores[learner] = {
                exercise: float(cell) for exercise, cell in zip(exercises, row[1:-1], strict=True) if cell
            }
        except ValueError:
            raise ValueError(f"{path}, line {line}: a score is not a number: {row!r}") from None
    return exercises, scores


def _to_csv(exercises: list[str], scores: Scores) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([LEARNER, *exercises, TOTAL])
    for learner in sorted(scores):
        row = scores[learner]
        cells = [format_score(row[exercise]) if exercise in row else "" for exercise in exercises]
        writer.writerow([_neutralise(learner), *cells, format_score(sum(row.values()))])
    return buffer.getvalue()


def format_score(score: float) -> str:
    """Write a score the way every grader output shows it: at most two decimals, no trailing zeros."""
    cents = round(score * 100)
    # A tiny negative (a part computed as a difference) must not print as "-0".
    return f"{(cents + 0) / 100:.2f}".rstrip("0").rstrip(".") if cents else "0"


def _neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_QUOTED_STARTS) else cell


def _restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_QUOTED_STARTS) else cell
