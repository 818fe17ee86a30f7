"""Where the self-check finds an exercise's public tests and app config, and which exercise is open.

It reads the suites folder next to its own package: ``autograder/suites/`` in the course
repository, ``course_check/suites/`` in the learner bundle, where each exercise has only
``public_tests.py`` and a ``suite.toml`` reduced to ``title`` and ``app_config``.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "SUITES_DIR",
    "ExerciseNotFound",
    "app_config",
    "detect_exercise",
    "known_exercises",
    "notebook_path",
    "public_tests_source",
    "saved_notebook",
    "title",
]

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
        raise ExerciseNotFound(f"there is no exercise {exercise!r}; the known ones are: {', '.join(known_exercises())}")
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


def saved_notebook(namespace: Mapping[str, Any]) -> dict[str, Any] | None:
    """The saved notebook (its JSON) whose kernel owns ``namespace``, when it can be read."""
    path = notebook_path(namespace)
    if path is None:
        return None
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return notebook if isinstance(notebook, dict) else None


def detect_exercise(namespace: Mapping[str, Any], notebook: Mapping[str, Any] | None = None) -> str:
    """The exercise of the notebook whose kernel owns ``namespace`` (``notebook``: its saved JSON).

    The notebook's ``course.exercise`` metadata wins; a notebook whose file name is an exercise
    id will do too. Raises ``ExerciseNotFound`` with what to do when neither can be read.
    """
    known = known_exercises()
    if _exercise_in_metadata(notebook) in known:
        return str(_exercise_in_metadata(notebook))
    for name in NOTEBOOK_PATH_NAMES:
        path = namespace.get(name)
        if isinstance(path, str) and path.endswith(".ipynb") and Path(path).stem in known:
            return Path(path).stem
    raise ExerciseNotFound(
        "could not tell which exercise this notebook is; name it in the call, "
        f"for example check({known[0] if known else 'exercise_id'!r})"
    )


def _exercise_in_metadata(notebook: Mapping[str, Any] | None) -> str | None:
    try:
        exercise = notebook["metadata"]["course"]["exercise"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    return exercise if isinstance(exercise, str) else None
