"""Grade one Gradescope submission: ``python -m autograder.bundles.gradescope.run --exercise ID``.

``run_autograder`` calls this after copying the uploaded notebooks into a work folder. Whatever
happens, it writes ``<root>/results/results.json``: a submission without a usable notebook, or
a crash of the grader itself, still gets a score of 0 and a sentence saying why, instead of
Gradescope's bare "the autograder failed to produce any output".

``--root`` is ``/autograder`` on Gradescope; the tests point it at a folder of their own.
"""

from __future__ import annotations

import argparse
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from autograder.atomic_files import write_json_atomic
from autograder.bundles.gradescope.results import error_results, to_gradescope
from autograder.grading.batch import grade_isolated
from autograder.grading.options import GradeOptions
from autograder.material.suite import load_suite
from autograder.result import Result
from autograder.sandbox import limits_summary

__all__ = ["NoNotebook", "choose_notebook", "grade", "main"]

DEFAULT_ROOT = "/autograder"
GRADER_FAILED = (
    "The autograder failed while grading this submission. "
    "Your instructor can see why in the autograder log; please tell them."
)


class NoNotebook(Exception):
    """The upload has no notebook the grader can pick; ``str()`` tells the learner what to upload."""


def choose_notebook(folder: Path, exercise: str) -> Path:
    """The notebook to grade: ``<exercise>.ipynb`` if uploaded, else the only ``.ipynb`` there is."""
    notebooks = sorted(folder.glob("*.ipynb"))
    expected = folder / f"{exercise}.ipynb"
    if expected in notebooks:
        return expected
    if len(notebooks) == 1:
        return notebooks[0]
    if not notebooks:
        raise NoNotebook(f"No notebook was uploaded: upload your {exercise}.ipynb file.")
    names = ", ".join(path.name for path in notebooks)
    raise NoNotebook(
        f"Several notebooks were uploaded ({names}) and none is named {exercise}.ipynb: "
        "upload only your exercise notebook."
    )


def grade(notebook: Path, exercise: str) -> Mapping[str, Any]:
    """The result dict of the grading contract for ``notebook``, which must be ``exercise``."""
    options = GradeOptions(exercise=exercise)
    print(limits_summary(options.sandbox))  # for the instructor's log
    return grade_isolated(notebook, options, notebook.stem)


def main(argv: Sequence[str] | None = None, *, grader: Callable[[Path, str], Mapping[str, Any]] = grade) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.bundles.gradescope.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--exercise", required=True, help="the exercise id this autograder grades")
    parser.add_argument("--work", type=Path, required=True, help="the folder holding the uploaded notebooks")
    parser.add_argument("--root", type=Path, default=Path(DEFAULT_ROOT), help="default: %(default)s")
    args = parser.parse_args(argv)
    results_path = args.root / "results" / "results.json"
    try:
        notebook = choose_notebook(args.work, args.exercise)
        result = Result.of(grader(notebook, args.exercise))
        if result.grader_fault:
            # The learner cannot fix this; the instructor reads the reason in the log.
            print(f"grader problem: {result.reason}")
            results = error_results(GRADER_FAILED)
        else:
            results = to_gradescope(result, visibility=load_suite(args.exercise).visibility)
    except NoNotebook as problem:
        results = error_results(str(problem))
    except Exception:
        # The traceback goes to the instructor's stdout log, never to the learner.
        traceback.print_exc()
        results = error_results(GRADER_FAILED)
    write_json_atomic(results_path, results)
    print(f"score {results['score']}; results written to {results_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
