"""The Gradescope autograder bundle of one exercise: ``python -m autograder gradescope ID --out DIR``.

``DIR/<id>-autograder.zip`` holds, at its root (Gradescope unpacks it into ``/autograder/source``):

* ``setup.sh`` -- installs bubblewrap and a virtualenv with the pinned packages (``files/``);
* ``run_autograder`` -- grades each submission and writes ``/autograder/results/results.json``
  (``files/``, with the exercise id filled in; the work happens in ``run.py``);
* ``requirements.txt`` -- the grader's packages, pinned by the course's requirements file;
* ``autograder/`` -- this package, with only this exercise's suite;
* ``solutions/<id>.ipynb`` -- the reference app the learner's tests are measured against.

Upload the zip as the assignment's autograder and set the assignment's points to the suite's
``spec_points + quality_points``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from autograder.bundles.pins import APP_AND_TEST_PACKAGES, pinned_requirements
from autograder.bundles.zipping import write_zip
from autograder.material.notebook import EXERCISE_ID
from autograder.material.suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES, load_suite
from autograder.paths import PACKAGE_DIR

__all__ = ["GRADER_PACKAGES", "build_gradescope_zip"]

FILES = Path(__file__).resolve().parent / "files"
EXERCISE_PLACEHOLDER = "__EXERCISE__"

# The grader's own packages besides what learners' code may import (it runs in this venv).
GRADER_PACKAGES = (*APP_AND_TEST_PACKAGES, "nbformat", "nbclient", "ipykernel")


def build_gradescope_zip(
    exercise: str,
    out: str | os.PathLike[str],
    *,
    suites: Path = DEFAULT_SUITES,
    solutions: Path = DEFAULT_SOLUTIONS,
) -> Path:
    """Build ``out/<exercise>-autograder.zip`` and return its path."""
    if not EXERCISE_ID.fullmatch(exercise):
        raise ValueError(f"{exercise!r} is not an exercise id")
    load_suite(exercise, suites, solutions)  # refuse to ship a suite that does not load
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as staging_dir:
        staging = Path(staging_dir)
        shutil.copy2(FILES / "setup.sh", staging / "setup.sh")
        run_autograder = staging / "run_autograder"
        run_autograder.write_text(
            (FILES / "run_autograder").read_text(encoding="utf-8").replace(EXERCISE_PLACEHOLDER, exercise),
            encoding="utf-8",
        )
        run_autograder.chmod(0o755)
        (staging / "requirements.txt").write_text(pinned_requirements(GRADER_PACKAGES), encoding="utf-8")
        shutil.copytree(PACKAGE_DIR, staging / "autograder", ignore=_without_caches_and_suites)
        shutil.copytree(
            suites / exercise,
            staging / "autograder" / "suites" / exercise,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        (staging / "solutions").mkdir()
        shutil.copyfile(solutions / f"{exercise}.ipynb", staging / "solutions" / f"{exercise}.ipynb")
        return write_zip(staging, out / f"{exercise}-autograder.zip")


def _without_caches_and_suites(directory: str, names: list[str]) -> set[str]:
    # Every suite is left out: the chosen one is copied on its own, from ``suites``.
    skipped = {name for name in names if name == "__pycache__"}
    if Path(directory) == PACKAGE_DIR:
        skipped.add("suites")
    return skipped
