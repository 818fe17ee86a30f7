"""In-process stand-in for the grader: the exercise contract's fixtures, without a kernel or sandbox.

The grader executes a notebook in a sandboxed kernel and lets hidden tests reach the learner's app
through a proxy. The repository's own tests only need to know that the *reference* apps, the
mutants and the suites fit together, so this module does the same job in one process, with the
grader's own in-process fixtures (``autograder.runtime.AppSession``: the same wire format, the
same ``client``/``make_client``/``outbox``):

* ``notebook_cells(path, tag)`` -- the sources of a notebook's cells that carry ``tag``.
* ``tagged_source(path, tag)`` -- those cells joined into one module source.
* ``reference_source(exercise_id)`` -- the ``app`` cells of ``solutions/<id>.ipynb``, joined.
* ``load_suite(exercise_id)`` / ``load_mutants(exercise_id)`` -- a suite's settings and mutants.
* ``defined_tests(source)``, ``imported_modules(source)``, ``fixtures_used(test)`` -- what a tests
  module defines, imports and asks for, read with ``ast`` (for checking suites against the contract).
* ``load_app_module(source)`` -- exec an app source into a fresh module, as the kernel would.
* ``run_test_module(source_or_path, app_source, ...)`` -- run a tests module (a suite's
  ``hidden_tests.py``, or a notebook's ``tests`` cells) under pytest with the runtime's
  ``run_pytest`` and the contract's fixtures against an app source, with the course's strict
  settings, and return ``{test name: "passed" | "failed" | "error" | "skipped" | "xfailed"}``.
* ``run_learner_tests(source, app_source, ...)`` -- the same for a notebook's ``tests`` cells
  without the strict settings, exactly as the grader's quality check and the self-check run them.
"""

from __future__ import annotations

import ast
import itertools
import shutil
import sys
import tempfile
import tomllib
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from autograder.runtime import AppSession, run_pytest
from autograder.runtime.harness import load_app

REPO_ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS_DIR = REPO_ROOT / "solutions"
EXERCISES_DIR = REPO_ROOT / "exercises"
SUITES_DIR = REPO_ROOT / "autograder" / "suites"

_module_numbers = itertools.count(1)


class HarnessError(RuntimeError):
    """The harness could not run a tests module at all (it did not import, or nothing was collected)."""


# --- notebooks and suites -------------------------------------------------------------------------


def notebook_cells(path: str | Path, tag: str) -> list[str]:
    """Return the sources of the cells of the notebook at ``path`` tagged ``tag``, in order."""
    notebook = nbformat.read(str(path), as_version=4)
    return [cell.source for cell in notebook.cells if tag in cell.get("metadata", {}).get("tags", [])]


def tagged_source(path: str | Path, tag: str) -> str:
    """The cells of a notebook tagged ``tag``, joined into one module source."""
    return "\n\n".join(notebook_cells(path, tag)) + "\n"


def reference_source(exercise_id: str) -> str:
    """The reference app module: the ``app`` cells of ``solutions/<exercise_id>.ipynb``, joined."""
    path = SOLUTIONS_DIR / f"{exercise_id}.ipynb"
    if not notebook_cells(path, "app"):
        raise HarnessError(f"solutions/{exercise_id}.ipynb has no cell tagged 'app'")
    return tagged_source(path, "app")


def load_suite(exercise_id: str) -> dict[str, Any]:
    """The parsed ``autograder/suites/<exercise_id>/suite.toml``."""
    with open(SUITES_DIR / exercise_id / "suite.toml", "rb") as handle:
        return tomllib.load(handle)


def load_mutants(exercise_id: str) -> list:
    """The ``MUTANTS`` list of ``autograder/suites/<exercise_id>/mutants.py``."""
    path = SUITES_DIR / exercise_id / "mutants.py"
    module = load_app_module(path.read_text(encoding="utf-8"), name=f"suite_mutants_{exercise_id}")
    return list(module.MUTANTS)


def load_app_module(source: str, *, name: str | None = None) -> types.ModuleType:
    """Exec ``source`` into a new module, as the grader's runtime does with the ``app`` cells.

    Every module gets its own name in ``sys.modules``, so two apps loaded in one process (the
    reference and a mutant) never share module state.
    """
    return load_app(source, name or f"exercise_app_{next(_module_numbers)}")


# --- reading test modules ---------------------------------------------------------------------------


def defined_tests(source: str) -> list[ast.FunctionDef]:
    """The top-level ``test_*`` functions of a module source."""
    return [
        node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


def imported_modules(source: str) -> set[str]:
    """The top-level packages a module source imports."""
    tree = ast.parse(source)
    names = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    return names | {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }


def parametrized_names(test: ast.FunctionDef) -> set[str]:
    """The argument names that a test's ``@pytest.mark.parametrize`` decorators provide."""
    names: set[str] = set()
    for decorator in test.decorator_list:
        if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "pytest.mark.parametrize":
            argnames = ast.literal_eval(decorator.args[0])
            names |= {name.strip() for name in (argnames.split(",") if isinstance(argnames, str) else argnames)}
    return names


def fixtures_used(test: ast.FunctionDef) -> set[str]:
    """The fixtures a test asks for: its arguments that are not parametrized."""
    return {arg.arg for arg in test.args.args} - parametrized_names(test)


# --- running a tests module against an app ------------------------------------------------------


class Outcomes(dict):
    """``{test name: outcome}`` with ``messages`` (the failure text of each test that did not pass)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: dict[str, str] = {}

    def not_passed(self) -> dict[str, str]:
        return {name: outcome for name, outcome in self.items() if outcome != "passed"}

    def report(self) -> str:
        """Readable summary of what did not pass, for assertion messages."""
        return "\n\n".join(f"{name}: {self[name]}\n{self.messages.get(name, '')}" for name in self.not_passed())


# The suites are held to the course's own strictness: unknown marks and any warning fail.
STRICT_ARGS = ("--strict-markers", "-W", "error")


def run_test_module(
    source_or_path: str | Path,
    app_source: str,
    *,
    app_config: Mapping[str, Any] | None = None,
    exercise_id: str | None = None,
    strict: bool = True,
) -> Outcomes:
    """Run a pytest module against the app built from ``app_source``; return per-test outcomes.

    ``source_or_path`` is a ``Path`` to a tests file or the tests' source text. The app's config
    is the contract's base config plus ``app_config`` -- by default the ``app_config`` of
    ``exercise_id``'s ``suite.toml``. It runs with the runtime's ``run_pytest``, as the grader's
    quality check and the self-check run learner tests; ``strict`` adds the course's strict
    settings. Raises ``HarnessError`` when the module cannot be collected or runs no test.
    """
    if app_config is None and exercise_id is not None:
        app_config = load_suite(exercise_id).get("app_config", {})
    tests_source = source_or_path.read_text(encoding="utf-8") if isinstance(source_or_path, Path) else source_or_path
    module = load_app_module(app_source)
    run_dir = Path(tempfile.mkdtemp(prefix="exercise-run-"))
    try:
        report = run_pytest(
            {"test_module.py": tests_source},
            lambda: AppSession(module.create_app, app_config),
            run_dir,
            extra_args=STRICT_ARGS if strict else (),
        )
    finally:
        sys.modules.pop(module.__name__, None)
        shutil.rmtree(run_dir, ignore_errors=True)
    if report.collection_errors:
        raise HarnessError("the tests module could not be collected:\n" + "\n".join(report.collection_errors))
    outcomes = Outcomes()
    for result in report.results:
        outcomes[result.name] = result.outcome
        if result.message:
            outcomes.messages[result.name] = result.message
    if not outcomes:
        raise HarnessError(f"no tests ran (pytest exit code {report.exit_code})")
    return outcomes


def run_learner_tests(
    tests_source: str, app_source: str, *, app_config: Mapping[str, Any] | None = None, exercise_id: str | None = None
) -> Outcomes:
    """Run a notebook's ``tests`` cells exactly as the grader and the self-check do (no strict settings)."""
    return run_test_module(tests_source, app_source, app_config=app_config, exercise_id=exercise_id, strict=False)
