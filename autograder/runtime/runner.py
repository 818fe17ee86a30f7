"""A small pytest-style runner for learner tests and public tests, with the fixture vocabulary.

It runs where pytest's collection machinery would be too heavy or not available as files: test
functions defined by notebook cells. It supports what the exercises ask learners to use:
plain ``assert``, ``pytest.raises``/``pytest.approx``, ``@pytest.mark.parametrize`` and the
``skip``/``skipif``/``xfail`` marks (those tests are reported as skipped), and the fixtures
``client``, ``make_client`` and ``outbox``.
"""

from __future__ import annotations

import inspect
import itertools
import linecache
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .harness import AppSession

__all__ = ["TestCase", "TestResult", "collect_tests", "exec_tests", "run_tests"]

FIXTURES = ("client", "make_client", "outbox")
MAX_MESSAGE = 500


@dataclass(frozen=True)
class TestCase:
    """One test to run: a function and, for a parametrized test, its arguments."""

    name: str
    func: Callable[..., Any]
    params: tuple[tuple[str, Any], ...] = ()
    skip_reason: str | None = None


@dataclass(frozen=True)
class TestResult:
    """The outcome of one test: ``passed``, ``failed``, ``error`` or ``skipped``, with a short message."""

    name: str
    outcome: str
    message: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def exec_tests(source: str, filename: str = "<learner tests>") -> dict[str, Any]:
    """Execute test source in a fresh namespace (registered for tracebacks) and return the namespace."""
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    namespace: dict[str, Any] = {"__name__": "learner_tests"}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def _marks(func: Callable[..., Any]) -> list[Any]:
    marks = getattr(func, "pytestmark", [])
    return list(marks) if isinstance(marks, list | tuple) else [marks]


def _skip_reason(marks: Iterable[Any]) -> str | None:
    for mark in marks:
        name = getattr(mark, "name", "")
        if name == "skip":
            return str(mark.kwargs.get("reason", mark.args[0] if mark.args else "skipped"))
        if name == "skipif" and mark.args and any(bool(arg) for arg in mark.args):
            return str(mark.kwargs.get("reason", "skipif condition is true"))
        if name == "xfail":
            return "marked xfail"
    return None


def _param_sets(mark: Any) -> tuple[list[str], list[tuple[str, tuple[Any, ...]]]]:
    argnames, argvalues = mark.args[0], mark.args[1]
    names = [n.strip() for n in argnames.split(",")] if isinstance(argnames, str) else list(argnames)
    ids = mark.kwargs.get("ids")
    sets: list[tuple[str, tuple[Any, ...]]] = []
    for index, value in enumerate(argvalues):
        param_id = getattr(value, "id", None)
        values = getattr(value, "values", value)  # pytest.param(...) is a ParameterSet
        if len(names) == 1 and not hasattr(value, "values"):
            values = (value,)
        if param_id is None and isinstance(ids, list | tuple) and index < len(ids):
            param_id = ids[index]
        if param_id is None:
            param_id = "-".join(_id_part(v, f"{n}{index}") for n, v in zip(names, values, strict=False))
        sets.append((str(param_id), tuple(values)))
    return names, sets


def _id_part(value: Any, fallback: str) -> str:
    if isinstance(value, str | int | float | bool) or value is None:
        return str(value)
    return fallback


def collect_tests(namespace: Mapping[str, Any]) -> list[TestCase]:
    """Every ``test_*`` function of ``namespace``, in definition order, parametrizations expanded."""
    cases: list[TestCase] = []
    for name, func in namespace.items():
        if not name.startswith("test") or not inspect.isfunction(func):
            continue
        marks = _marks(func)
        skip = _skip_reason(marks)
        grids = [_param_sets(m) for m in reversed(marks) if getattr(m, "name", "") == "parametrize"]
        if not grids:
            cases.append(TestCase(name, func, (), skip))
            continue
        for combo in itertools.product(*(sets for _, sets in grids)):
            params: list[tuple[str, Any]] = []
            for (names, _), (_, values) in zip(grids, combo, strict=True):
                params.extend(zip(names, values, strict=False))
            ids = "-".join(param_id for param_id, _ in combo)
            cases.append(TestCase(f"{name}[{ids}]", func, tuple(params), skip))
    return cases


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _failure_message(exc: BaseException, func: Callable[..., Any]) -> str:
    """The assertion message if there is one, else the failing line of the test."""
    code = getattr(func, "__code__", None)
    line = ""
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if code is not None and frame.f_code.co_filename == code.co_filename:
            line = linecache.getline(frame.f_code.co_filename, lineno).strip()
    detail = str(exc).split("\nassert ", 1)[0].strip()
    if isinstance(exc, AssertionError):
        return _short(detail or (f"failed: {line}" if line else "assertion failed"))
    where = f" at: {line}" if line else ""
    return _short(f"{type(exc).__name__}: {detail}{where}" if detail else f"{type(exc).__name__}{where}")


def run_test(case: TestCase, create_app: Callable[..., Any], app_config: Mapping[str, Any] | None = None) -> TestResult:
    """Run one test with a fresh ``AppSession``."""
    if case.skip_reason is not None:
        return TestResult(case.name, "skipped", case.skip_reason)
    try:
        from _pytest.outcomes import Failed, Skipped
    except ImportError:  # pragma: no cover - pytest is part of the course environment
        Failed = Skipped = ()  # type: ignore[assignment,misc]
    params = dict(case.params)
    with AppSession(create_app, app_config) as session:
        kwargs: dict[str, Any] = {}
        for name in inspect.signature(case.func).parameters:
            if name in params:
                kwargs[name] = params[name]
                continue
            if name not in FIXTURES:
                return TestResult(case.name, "error", f"unknown fixture {name!r} (available: {', '.join(FIXTURES)})")
            try:
                kwargs[name] = session.fixture(name)
            except Exception as exc:
                return TestResult(case.name, "error", _short(f"could not build the app: {type(exc).__name__}: {exc}"))
        try:
            case.func(**kwargs)
        except Skipped as exc:
            return TestResult(case.name, "skipped", _short(str(exc)))
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except (Exception, Failed, SystemExit) as exc:
            return TestResult(case.name, "failed", _failure_message(exc, case.func))
    return TestResult(case.name, "passed")


def run_tests(
    namespace: Mapping[str, Any], create_app: Callable[..., Any], app_config: Mapping[str, Any] | None = None
) -> list[TestResult]:
    """Run every test of ``namespace`` against apps built by ``create_app``."""
    return [run_test(case, create_app, app_config) for case in collect_tests(namespace)]
