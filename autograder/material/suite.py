"""Loading an exercise's instructor material: ``suite.toml``, hidden and public tests, mutants.

A suite lives in ``<suites>/<id>/`` and its reference notebook in ``<solutions>/<id>.ipynb``.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from autograder.material.mutants import Mutant, apply_all
from autograder.material.notebook import read_notebook, tagged_source
from autograder.paths import COURSE, PACKAGE_DIR
from autograder.runtime.session import FIXTURE_NAMES

# The modules of a suite whose tests learners and the grader run (public tests may be absent).
TEST_MODULES = ("hidden_tests.py", "public_tests.py")

__all__ = [
    "DEFAULT_SOLUTIONS", "DEFAULT_SUITES", "VISIBILITIES", "Suite", "SuiteError", "known_exercises", "load_suite",
]  # fmt: skip

DEFAULT_SUITES = COURSE.suites
DEFAULT_SOLUTIONS = COURSE.solutions
# When Gradescope shows a learner the per-test results (its own names for the four settings).
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")


class SuiteError(Exception):
    """The instructor material of an exercise is missing or inconsistent."""


@dataclass(frozen=True)
class Suite:
    """Everything the grader needs to grade one exercise."""

    exercise: str
    directory: Path
    title: str
    spec_points: float
    quality_points: float
    app_config: dict[str, Any]
    fixtures: tuple[str, ...]
    points: dict[str, float]
    reference_source: str
    mutants: tuple[Mutant, ...]
    digest: str = field(repr=False)
    visibility: str = "visible"

    @property
    def hidden_tests(self) -> Path:
        return self.directory / "hidden_tests.py"

    @property
    def public_tests(self) -> Path:
        return self.directory / "public_tests.py"

    @property
    def max_score(self) -> float:
        return self.spec_points + self.quality_points

    def mutated_sources(self) -> dict[str, str]:
        """Mutant id → the reference source with that mutant's bug planted."""
        return apply_all(self.mutants, self.reference_source)


def known_exercises(suites: Path = DEFAULT_SUITES) -> set[str]:
    """Ids of the exercises that have a ``suite.toml``."""
    if not suites.is_dir():
        return set()
    return {path.parent.name for path in suites.glob("*/suite.toml")}


def _load_mutants(path: Path, exercise: str) -> tuple[Mutant, ...]:
    if not path.exists():
        return ()
    spec = importlib.util.spec_from_file_location(f"autograder_suite_{exercise}_mutants", path)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a typo, or a Mutant(...) that refuses its own arguments
        raise SuiteError(f"{path}: {type(exc).__name__}: {exc}") from exc
    mutants = getattr(module, "MUTANTS", None)
    if not isinstance(mutants, list | tuple) or not all(isinstance(m, Mutant) for m in mutants):
        raise SuiteError(f"{path}: MUTANTS must be a list of autograder.material.mutants.Mutant")
    return tuple(mutants)


def _number(table: dict[str, Any], key: str, where: Path, prefix: str = "") -> float:
    value = table.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise SuiteError(f"{where}: {prefix}{key} must be a non-negative number")
    return float(value)


def _visibility(config: dict[str, Any], where: Path) -> str:
    gradescope = config.get("gradescope", {})
    if not isinstance(gradescope, dict):
        raise SuiteError(f"{where}: gradescope must be a table")
    visibility = gradescope.get("visibility", "visible")
    if visibility not in VISIBILITIES:
        raise SuiteError(f"{where}: gradescope.visibility is {visibility!r}; use one of {', '.join(VISIBILITIES)}")
    return str(visibility)


def grader_modules_imported(directory: Path) -> list[Path]:
    """The files of the ``autograder`` modules that a suite's test modules import, sorted."""
    files: set[Path] = set()
    for name in TEST_MODULES:
        try:
            tree = ast.parse((directory / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue  # loading the module later says what is wrong with it
        for node in ast.walk(tree):
            modules = [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            modules += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in modules:
                if module == "autograder" or module.startswith("autograder."):
                    candidate = PACKAGE_DIR.joinpath(*module.split(".")[1:])
                    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
                        if path.is_file():
                            files.add(path)
    return sorted(files)


def _fixtures_requested(path: Path) -> set[str]:
    """The course fixtures that the functions of ``path`` take as arguments (tests and fixtures alike)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return set()  # loading the module later says what is wrong with it
    requested: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            requested |= {arg.arg for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    return requested & set(FIXTURE_NAMES)


def _check_fixtures(declared: list[str], directory: Path, config_path: Path) -> None:
    """``fixtures`` names exactly the course fixtures besides ``client`` that the suite's tests use.

    The setting is what tells an exercise's page which fixtures its tests have; a name the tests
    do not use, or a fixture they use unnamed, would tell learners something untrue.
    """
    optional = [name for name in FIXTURE_NAMES if name != "client"]
    unknown = [name for name in declared if name not in optional]
    if unknown:
        raise SuiteError(
            f"{config_path}: fixtures has {', '.join(map(repr, unknown))}; it names only the ones of "
            f"{', '.join(optional)} the tests use (client is always there)"
        )
    used = set().union(*(_fixtures_requested(directory / name) for name in TEST_MODULES)) - {"client"}
    if missing := sorted(used - set(declared)):
        raise SuiteError(f"{config_path}: the tests use {', '.join(missing)}, which fixtures does not list")
    if unused := sorted(set(declared) - used):
        raise SuiteError(f"{config_path}: fixtures lists {', '.join(unused)}, which no test uses")


def load_suite(exercise: str, suites: Path = DEFAULT_SUITES, solutions: Path = DEFAULT_SOLUTIONS) -> Suite:
    """Load and cross-check one exercise's suite; raise ``SuiteError`` on any inconsistency."""
    directory = suites / exercise
    config_path = directory / "suite.toml"
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SuiteError(f"no suite for exercise {exercise!r}: {exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SuiteError(f"{config_path}: {exc}") from None
    if not (directory / "hidden_tests.py").is_file():
        raise SuiteError(f"{directory}: hidden_tests.py is missing")
    app_config = config.get("app_config", {})
    fixtures = config.get("fixtures", [])
    points = config.get("points", {})
    if not isinstance(app_config, dict) or not isinstance(points, dict):
        raise SuiteError(f"{config_path}: app_config and points must be tables")
    if not isinstance(fixtures, list) or not all(isinstance(f, str) for f in fixtures):
        raise SuiteError(f"{config_path}: fixtures must be a list of names")
    _check_fixtures(fixtures, directory, config_path)
    solution = solutions / f"{exercise}.ipynb"
    try:
        reference = read_notebook(solution, exercise=exercise)
    except Exception as exc:
        raise SuiteError(f"reference notebook {solution}: {exc}") from None
    reference_source = tagged_source(reference.notebook, "app")
    mutants = _load_mutants(directory / "mutants.py", exercise)
    try:
        apply_all(mutants, reference_source)
    except ValueError as exc:
        raise SuiteError(f"{directory / 'mutants.py'}: {exc}") from None
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes() + b"\0")
    # The grader's own modules the tests import (the shared error checks) decide grades as well.
    for path in grader_modules_imported(directory):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(solution.read_bytes())
    return Suite(
        exercise=exercise,
        directory=directory,
        title=str(config.get("title", exercise)),
        spec_points=_number(config, "spec_points", config_path),
        quality_points=_number(config, "quality_points", config_path),
        app_config=app_config,
        fixtures=tuple(fixtures),
        points={str(key): _number(points, key, config_path, "points.") for key in points},
        reference_source=reference_source,
        mutants=mutants,
        digest=digest.hexdigest(),
        visibility=_visibility(config, config_path),
    )
