"""A grader result dict turned into Gradescope's ``results.json``.

Gradescope's documented schema (gradescope-autograders.readthedocs.io, "Autograder
Specifications"): top-level ``score``, ``output``, ``tests`` (each ``name``, ``score``,
``max_score``, ``status``, ``output``, ``visibility``), ``stdout_visibility`` and a few optional
keys. Every text here is shown as plain text (``output_format: "text"``): messages quote what the
learner's app answered, and plain text cannot inject markup into Gradescope's page.

Each hidden test becomes one Gradescope test worth its share of the checks part of the score; one
more test carries the learner-tests part. Shares are rounded to cents by the largest-remainder
method, so the checks add up exactly to the stored checks part, all tests to the submission's
score and their maxima to the exercise's maximum, as a learner adding them up would expect.

``visibility`` (the suite's ``[gradescope] visibility``) is when the learner sees the score and
the tests. A submission that could not be graded is always shown at once: the learner has to
know that the upload went wrong while there is still time to upload again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from autograder.outputs.text import output_cut_note, shorten
from autograder.result import Result, apportion

__all__ = ["QUALITY_TEST_NAME", "error_results", "to_gradescope"]

QUALITY_TEST_NAME = "Your tests catch planted bugs"


def to_gradescope(result: Mapping[str, Any] | Result, *, visibility: str = "visible") -> dict[str, Any]:
    """``results.json`` content for one result of the grading contract."""
    result = Result.of(result)
    if not result.graded or not result.parts:
        return error_results(
            f"Your notebook could not be graded: {result.reason or 'no reason given'}", execution_time=result.duration_s
        )
    spec, quality = result.parts
    hidden = result.tests
    possible = sum(float(test.get("max_points", 0)) for test in hidden)
    scale = spec.max_score / possible if possible else 0.0
    # The checks add up to the stored checks part and the last test is the stored tests part, so
    # Gradescope, the feedback page and the class report show the same two numbers.
    scores = [*apportion([float(test.get("points", 0)) * scale for test in hidden], spec.score), quality.score]
    maxima = [
        *apportion([float(test.get("max_points", 0)) * scale for test in hidden], spec.max_score),
        quality.max_score,
    ]
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
    mutants = result.mutants
    all_caught = bool(mutants) and all(m.get("caught") for m in mutants)
    tests.append(
        {
            "name": QUALITY_TEST_NAME,
            "score": scores[-1],
            "max_score": maxima[-1],
            "status": "passed" if all_caught and result.learner_tests.get("passed_on_reference") else "failed",
            "output": _quality_output(result),
            "visibility": visibility,
        }
    )
    return _results(result.score, _summary(result, tests), tests, result.duration_s, visibility)


def error_results(message: str, *, execution_time: float | None = None) -> dict[str, Any]:
    """``results.json`` for a submission that could not be graded: score 0 and why."""
    return _results(0.0, message, [], execution_time)


def _results(
    score: float, output: str, tests: list[dict[str, Any]], execution_time: float | None, visibility: str = "visible"
) -> dict[str, Any]:
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


def _summary(result: Result, tests: list[dict[str, Any]]) -> str:
    hidden = tests[:-1]
    passed = sum(test["status"] == "passed" for test in hidden)
    lines = [f"You passed {passed} of {len(hidden)} checks of your app."]
    if result.reason:
        lines.append(f"Your app could not be fully tested: {shorten(result.reason, 500)}")
    cells = result.cells
    if cells:
        lines.append("")
        lines.append("These notebook cells raised an error (cells counted from 1, top to bottom):")
        lines += [f"  cell {int(cell['index']) + 1}: {shorten(str(cell.get('error') or ''), 300)}" for cell in cells]
    if note := output_cut_note(result):
        lines += ["", note]
    return "\n".join(lines)


def _quality_output(result: Result) -> str:
    learner_tests = result.learner_tests
    mutants = result.mutants
    count = int(learner_tests.get("count", 0))
    kept = result.tests_kept
    note = shorten(str(learner_tests.get("message") or ""), 1_000)
    if count == 0:
        text = "We found no tests in your notebook's tests cells, so they could not catch any planted bug."
    elif kept == 0:
        text = (
            "None of your tests passed on a correct app, so they could not catch any bug: "
            "a test must pass on a correct app before it can tell a bug from one."
        )
    else:
        missed = [str(m["description"]) for m in mutants if not m.get("caught")]
        text = (
            f"We planted {len(mutants)} bugs in a correct app, one at a time; the {kept} of your tests that "
            f"pass on a correct app caught {len(mutants) - len(missed)}."
        )
        if missed:
            text += "\nBugs your tests missed:\n" + "\n".join(f"  - {description}" for description in missed)
    for test in learner_tests.get("left_out") or []:
        message = shorten(str(test.get("message") or ""), 300)
        text += f"\nLeft out (did not pass on a correct app): {test.get('name')}: {message}"
    for test in learner_tests.get("not_counted") or []:
        text += f"\nNot counted (cell {test.get('cell')} has no 'tests' tag): {test.get('name')}"
    return f"{text}\n{note}" if note else text


def _points(value: float) -> float:
    return round(value, 2)
