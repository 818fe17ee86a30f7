"""Where the self-check finds an exercise's public tests and app config, and which exercise is open.

It reads the suites folder next to its own package: ``autograder/suites/`` in the course
repository, ``course_check/suites/`` in the learner bundle, where each exercise has only
``public_tests.py`` and a ``suite.toml`` reduced to ``title`` and ``app_config``.
"""

from __future__ import annotations

import json
import runpy
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["SUITES_DIR", "ExerciseNotFound", "app_config", "detect_exercise", "known_exercises",
           "notebook_path", "public_tests", "public_tests_source", "title"]

SUITES_DIR = Path(__file__).resolve().parents[1] / "suites"

# Set in the notebook's namespace by ipykernel (from JupyterLab's session) and by VS Code.
NOTEBOOK_PATH_NAMES = ("__session__", "__vsc_ipynb_file__")


class ExerciseNotFound(LookupError):
    """The exercise is unknown, or the notebook does not say which one it is."""


def known_exercises() -> list[str]:
    """The ids of the exercises that have public tests here."""
    return sorted(path.parent.name for path in SUITES_DIR.glob("*/public_tests.py"))


def _suite_dir(exercise: str) -> Path:
    if exercise not in known_exercises():
        raise ExerciseNotFound(
            f"there is no exercise {exercise!r}; the known ones are: {', '.join(known_exercises())}"
        )
    return SUITES_DIR / exercise


def _suite(exercise: str) -> dict[str, Any]:
    with (_suite_dir(exercise) / "suite.toml").open("rb") as file:
        return tomllib.load(file)


def title(exercise: str) -> str:
    """The exercise's title, as the course shows it."""
    return str(_suite(exercise).get("title", exercise))


def app_config(exercise: str) -> dict[str, Any]:
    """The config the graders merge into every app of this exercise (``{tmp}`` not yet filled)."""
    return dict(_suite(exercise).get("app_config", {}))


def public_tests(exercise: str) -> dict[str, Any]:
    """The namespace of the exercise's public tests module, freshly executed."""
    return runpy.run_path(str(_suite_dir(exercise) / "public_tests.py"), run_name=f"public_tests_{exercise}")


def public_tests_source(exercise: str) -> str:
    """The text of the exercise's public tests module, for pytest to run."""
    return (_suite_dir(exercise) / "public_tests.py").read_text(encoding="utf-8")


def notebook_path(namespace: Mapping[str, Any]) -> Path | None:
    """The saved notebook file whose kernel owns ``namespace``, when the front end said which."""
    for name in NOTEBOOK_PATH_NAMES:
        path = namespace.get(name)
        if isinstance(path, str) and path.endswith(".ipynb") and Path(path).is_file():
            return Path(path)
    return None


def detect_exercise(namespace: Mapping[str, Any]) -> str:
    """The exercise of the notebook whose kernel owns ``namespace``.

    The notebook's ``course.exercise`` metadata wins; a notebook whose file name is an exercise
    id will do too. Raises ``ExerciseNotFound`` with what to do when neither can be read.
    """
    known = known_exercises()
    for name in NOTEBOOK_PATH_NAMES:
        path = namespace.get(name)
        if not isinstance(path, str) or not path.endswith(".ipynb"):
            continue
        exercise = _exercise_in_metadata(Path(path))
        if exercise in known:
            return exercise
        if Path(path).stem in known:
            return Path(path).stem
    raise ExerciseNotFound(
        "could not tell which exercise this notebook is; name it in the call, "
        f"for example check({known[0] if known else 'exercise_id'!r})"
    )


def _exercise_in_metadata(path: Path) -> str | None:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        return notebook["metadata"]["course"]["exercise"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
