"""The grading result: what ``grade`` writes, and the one thing every output reads.

A result is stored as a JSON object per submission (``grade --json`` writes a list of them). Its
score comes in two parts kept apart from the start, the checks of the learner's app (the
suite's ``spec_points``) and the planted bugs the learner's own tests caught (``quality_points``),
rounded so that they add up to the score to the cent. It also carries the exercise's title and
whether a failure was the grader's fault, so feedback pages, the class report, the gradebook and
Gradescope never reload a suite or parse a reason to find them out.

``Result.of`` checks a stored object and gives the typed view; ``load_results`` reads files of
them with a clear error for anything that is not one; ``write_json_atomic`` writes them so that a
reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "GRADER_FAULT_PREFIXES", "QUALITY_PART", "SPEC_PART", "UNKNOWN_EXERCISE", "Result", "ResultError", "ScorePart",
    "apportion", "load_results", "score_parts",
]  # fmt: skip

UNKNOWN_EXERCISE = "unknown"
SPEC_PART = "Checks of your app"
QUALITY_PART = "Planted bugs your tests caught"
# How the grader's own failures read (see ``autograder.grading.submission``); results written before
# ``grader_fault`` existed are recognised by them, here and nowhere else.
GRADER_FAULT_PREFIXES = ("grader problem", "internal grader error")
REQUIRED_KEYS = ("path", "learner", "exercise", "status", "score", "max_score")


class ResultError(ValueError):
    """An object or file that is not a grading result; the message names it and what is wrong."""


@dataclass(frozen=True)
class ScorePart:
    """One of the two parts of a score."""

    name: str
    score: float
    max_score: float


@dataclass(frozen=True)
class Result:
    """A typed view of one stored result (``raw``, as ``grade`` wrote it)."""

    raw: Mapping[str, Any] = field(repr=False)
    path: str
    learner: str
    exercise: str | None
    title: str
    status: str
    reason: str
    score: float
    max_score: float
    parts: tuple[ScorePart, ...]  # (checks, planted bugs) when graded; none otherwise
    grader_fault: bool
    source: str = ""  # the file it was read from, for messages

    @classmethod
    def of(cls, data: Mapping[str, Any] | Result, source: str = "a result") -> Result:
        """The view of ``data``; ``ResultError`` naming ``source`` if it is not a result."""
        if isinstance(data, Result):
            return data
        if not isinstance(data, Mapping):
            raise ResultError(f"{source} holds something that is not a result (a {type(data).__name__})")
        missing = [key for key in REQUIRED_KEYS if key not in data]
        if missing:
            raise ResultError(f"{source} holds something that is not a result (missing {', '.join(missing)})")
        try:
            score, max_score = float(data["score"]), float(data["max_score"])
        except (TypeError, ValueError):
            raise ResultError(f"{source}: score and max_score must be numbers") from None
        exercise = str(data["exercise"]) if data["exercise"] else None
        reason = str(data.get("reason") or "")
        return cls(
            raw=data,
            path=str(data["path"]),
            learner=str(data["learner"]),
            exercise=exercise,
            title=str(data.get("title") or readable_title(exercise)),
            status=str(data["status"]),
            reason=reason,
            score=score,
            max_score=max_score,
            parts=_parts(data.get("parts"), source),
            grader_fault=bool(data.get("grader_fault", reason.startswith(GRADER_FAULT_PREFIXES))),
            source=source,
        )

    @property
    def graded(self) -> bool:
        return self.status == "graded"

    @property
    def exercise_id(self) -> str:
        """The exercise id; a notebook the grader could not read may have none."""
        return self.exercise or UNKNOWN_EXERCISE

    @property
    def tests(self) -> list[Mapping[str, Any]]:
        """The hidden tests, each with name, description, outcome, points, max_points and message."""
        return list(self.raw.get("tests") or [])

    @property
    def mutants(self) -> list[Mapping[str, Any]]:
        """The planted bugs, each with id, description and whether the learner's tests caught it."""
        return list(self.raw.get("mutants") or [])

    @property
    def learner_tests(self) -> Mapping[str, Any]:
        return self.raw.get("learner_tests") or {}

    @property
    def tests_kept(self) -> int:
        """How many of the learner's tests took part in the bug count.

        Results written before tests were scored one by one have no ``kept``: all or none did.
        """
        tests = self.learner_tests
        count = int(tests.get("count", 0))
        return int(tests.get("kept", count if tests.get("passed_on_reference") else 0))

    @property
    def cells(self) -> list[Mapping[str, Any]]:
        """The notebook cells that raised, each with its ``index`` (from 0) and ``error``."""
        return list(self.raw.get("cells") or [])

    @property
    def output_cut(self) -> Mapping[str, Any]:
        return self.raw.get("output_cut") or {}

    @property
    def duration_s(self) -> float | None:
        value = self.raw.get("duration_s")
        return float(value) if value is not None else None


def readable_title(exercise: str | None) -> str:
    """A title for an exercise whose suite gave none: its id made readable."""
    if not exercise or exercise == UNKNOWN_EXERCISE:
        return "Unknown exercise"
    return exercise.replace("_", " ").capitalize()


def _parts(stored: Any, source: str) -> tuple[ScorePart, ...]:
    if stored is None:
        return ()
    try:
        return tuple(
            ScorePart(name, float(stored[key]["score"]), float(stored[key]["max_score"]))
            for key, name in (("spec", SPEC_PART), ("quality", QUALITY_PART))
        )
    except (KeyError, TypeError, ValueError):
        raise ResultError(f"{source}: parts must give spec and quality, each with score and max_score") from None


def score_parts(spec: float, quality: float, *, spec_points: float, quality_points: float) -> dict[str, Any]:
    """The score and its stored parts from the two unrounded parts: parts in cents adding up to the score."""
    score = round(spec + quality, 2)
    spec_cents, quality_cents = apportion([spec, quality], score)
    return {
        "score": score,
        "parts": {
            "spec": {"score": spec_cents, "max_score": float(spec_points)},
            "quality": {"score": quality_cents, "max_score": float(quality_points)},
        },
    }


def apportion(shares: list[float], total: float) -> list[float]:
    """``shares`` in cents that add up exactly to ``total`` in cents (largest remainder first).

    Each share is cut down to whole cents; the cents still missing go one each to the shares that
    lost the most in the cut (ties: the earlier share). Never negative, never ``-0.0``.
    """
    target = round(total * 100)
    exact = [max(share, 0.0) * 100 for share in shares]
    cents = [int(value + 1e-9) for value in exact]
    by_remainder = sorted(range(len(shares)), key=lambda index: (cents[index] - exact[index], index))
    missing = target - sum(cents)
    for step in range(abs(missing)):
        if missing > 0:
            cents[by_remainder[step % len(shares)]] += 1
        else:  # the total was rounded below the shares' sum: take cents from the smallest remainders
            candidates = [index for index in reversed(by_remainder) if cents[index] > 0]
            if not candidates:
                break
            cents[candidates[0]] -= 1
    return [value / 100 for value in cents]


def load_results(paths: Iterable[Path]) -> list[Result]:
    """Every result in ``paths`` (files holding one result or a list; folders searched for ``*.json``).

    A file that cannot be read or holds something else stops everything with its name and the problem.
    """
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    results: list[Result] = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ResultError(f"cannot read {file}: {error}") from None
        results += [Result.of(item, str(file)) for item in (data if isinstance(data, list) else [data])]
    return results
