"""A grader result dict turned into Gradescope's ``results.json``.

Gradescope's documented schema (gradescope-autograders.readthedocs.io, "Autograder
Specifications"): top-level ``score``, ``output``, ``tests`` (each ``name``, ``score``,
``max_score``, ``status``, ``output``, ``visibility``), ``stdout_visibility`` and a few optional
keys. Every text here is shown as plain text (``output_format: "text"``): messages quote what the
learner's app answered, and plain text cannot inject markup into Gradescope's page.

Each hidden test becomes one Gradescope test worth its share of ``spec_points``; one more test
carries the learner-tests part, worth what is left of the total. Shares are rounded to cents by
the largest-remainder method, so the tests' scores add up exactly to the submission's score and
their maxima exactly to the exercise's maximum, as a learner adding them up would expect.

``visibility`` (the suite's ``[gradescope] visibility``) is when the learner sees the score and
the tests. A submission that could not be graded is always shown at once: the learner has to
know that the upload went wrong while there is still time to upload again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..feedback import output_cut_note, shorten, spec_score, tests_kept

__all__ = ["QUALITY_TEST_NAME", "apportion", "error_results", "to_gradescope"]

QUALITY_TEST_NAME = "Your tests catch planted bugs"


def to_gradescope(result: Mapping[str, Any], *, spec_points: float, quality_points: float,
                  visibility: str = "visible") -> dict[str, Any]:
    """``results.json`` content for one result of the grading contract."""
    if result["status"] != "graded":
        return error_results(f"Your notebook could not be graded: {result.get('reason') or 'no reason given'}",
                             execution_time=result.get("duration_s"))
    hidden = list(result.get("tests") or [])
    possible = sum(float(test.get("max_points", 0)) for test in hidden)
    scale = spec_points / possible if possible else 0.0
    quality_score = min(max(float(result["score"]) - spec_score(result, spec_points), 0.0), quality_points)
    scores = apportion([float(test.get("points", 0)) * scale for test in hidden] + [quality_score],
                       float(result["score"]))
    maxima = apportion([float(test.get("max_points", 0)) * scale for test in hidden] + [quality_points],
                       spec_points + quality_points)
    tests = [
        {
            "name": str(test.get("description") or test["name"]),
            "score": score,
            "max_score": maximum,
            "status": "passed" if test["outcome"] == "passed" else "failed",
            "output": shorten(str(test.get("message") or "")),
            "visibility": visibility,
        }
        for test, score, maximum in zip(hidden, scores, maxima, strict=False)
    ]
    mutants = result.get("mutants") or []
    all_caught = bool(mutants) and all(m.get("caught") for m in mutants)
    tests.append({
        "name": QUALITY_TEST_NAME,
        "score": scores[-1],
        "max_score": maxima[-1],
        "status": "passed" if all_caught and (result.get("learner_tests") or {}).get("passed_on_reference") else "failed",
        "output": _quality_output(result),
        "visibility": visibility,
    })
    return _results(float(result["score"]), _summary(result, tests), tests, result.get("duration_s"), visibility)


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


def error_results(message: str, *, execution_time: float | None = None) -> dict[str, Any]:
    """``results.json`` for a submission that could not be graded: score 0 and why."""
    return _results(0.0, message, [], execution_time)


def _results(score: float, output: str, tests: list[dict[str, Any]], execution_time: float | None,
             visibility: str = "visible") -> dict[str, Any]:
    results: dict[str, Any] = {
        "score": _points(score),
        "output": output,
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": visibility,
        # The grader's log is for instructors: it may name hidden tests.
        "stdout_visibility": "hidden",
        "tests": tests,
    }
    if execution_time is not None:
        results["execution_time"] = round(float(execution_time))
    return results


def _summary(result: Mapping[str, Any], tests: list[dict[str, Any]]) -> str:
    hidden = tests[:-1]
    passed = sum(test["status"] == "passed" for test in hidden)
    lines = [f"You passed {passed} of {len(hidden)} checks of your app."]
    if result.get("reason"):
        lines.append(f"Your app could not be fully tested: {shorten(str(result['reason']), 500)}")
    cells = result.get("cells") or []
    if cells:
        lines.append("")
        lines.append("These notebook cells raised an error (cells counted from 1, top to bottom):")
        lines += [f"  cell {int(cell['index']) + 1}: {shorten(str(cell.get('error') or ''), 300)}" for cell in cells]
    if note := output_cut_note(result):
        lines += ["", note]
    return "\n".join(lines)


def _quality_output(result: Mapping[str, Any]) -> str:
    learner_tests = result.get("learner_tests") or {}
    mutants = result.get("mutants") or []
    count = int(learner_tests.get("count", 0))
    kept = tests_kept(learner_tests)
    note = shorten(str(learner_tests.get("message") or ""), 1_000)
    if count == 0:
        text = "We found no tests in your notebook's tests cells, so they could not catch any planted bug."
    elif kept == 0:
        text = ("None of your tests passed on a correct app, so they could not catch any bug: "
                "a test must pass on a correct app before it can tell a bug from one.")
    else:
        missed = [str(m["description"]) for m in mutants if not m.get("caught")]
        text = (f"We planted {len(mutants)} bugs in a correct app, one at a time; the {kept} of your tests that "
                f"pass on a correct app caught {len(mutants) - len(missed)}.")
        if missed:
            text += "\nBugs your tests missed:\n" + "\n".join(f"  - {description}" for description in missed)
    for test in learner_tests.get("left_out") or []:
        text += f"\nLeft out (did not pass on a correct app): {test.get('name')}: {shorten(str(test.get('message') or ''), 300)}"
    for test in learner_tests.get("not_counted") or []:
        text += f"\nNot counted (cell {test.get('cell')} has no 'tests' tag): {test.get('name')}"
    return f"{text}\n{note}" if note else text


def _points(value: float) -> float:
    return round(value, 2)
