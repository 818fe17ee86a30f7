"""Running a suite's hidden tests with pytest, in the trusted grader process.

``pytest.main`` runs in a worker thread with a plugin that provides the fixture vocabulary; the
fixtures block until the learner's kernel is ready (``AppGate``), so pytest's import and collection
overlap with the kernel start and the notebook run. The hidden source never enters the kernel:
only requests do. Per test we keep the outcome, the points and a learner-facing message made of
the assertion's own message and the last request, never the test's source.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from autograder.grading.stages import stage
from autograder.runtime.pytest_run import SESSION_FIXTURE, FixturePlugin
from autograder.runtime.session import CourseSession
from autograder.runtime.text import one_line
from autograder.runtime.wire import AppCrashed

__all__ = ["AppGate", "HiddenTestResult", "run_hidden_tests"]

MAX_MESSAGE = 400


class AppGate:
    """Where the hidden tests wait for the kernel: opened with a session factory, or failed with a reason."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._factory: Callable[[], CourseSession] | None = None
        self._reason = "the notebook could not be run"

    def open(self, factory: Callable[[], CourseSession]) -> None:
        self._factory = factory
        self._event.set()

    def fail(self, reason: str) -> None:
        """Tell waiting tests the app will never be ready (no effect once the gate is open)."""
        if not self._event.is_set():
            self._reason = reason
            self._event.set()

    def session(self, timeout: float) -> CourseSession:
        """A new session once the kernel is ready; ``AppCrashed`` with the reason when it never will be."""
        if not self._event.wait(timeout):
            raise AppCrashed("the notebook did not finish in time")
        if self._factory is None:
            raise AppCrashed(self._reason)
        return self._factory()


@dataclass(frozen=True)
class HiddenTestResult:
    """One hidden test as the result JSON shows it."""

    name: str
    description: str
    outcome: str  # passed | failed | error
    points: float
    max_points: float
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "outcome": self.outcome,
            "points": self.points,
            "max_points": self.max_points,
            "message": self.message,
        }


def _short(text: str) -> str:
    return one_line(text, MAX_MESSAGE)


def learner_message(exc: BaseException) -> str:
    """What a learner may see of a hidden test's failure: the assertion message, not the source."""
    if isinstance(exc, AppCrashed):
        return _short(str(exc))
    if isinstance(exc, AssertionError):
        text = str(exc)
        mine, _, explanation = text.partition("\nassert ")
        if mine.strip() and not mine.startswith("assert "):
            return _short(mine)
        first = (explanation or text.removeprefix("assert ")).splitlines()[0] if text else ""
        return _short(f"a check failed: {first}" if first else "a check failed")
    return _short(f"{type(exc).__name__}: {exc}")


class HiddenTestsPlugin:
    """The pytest plugin that collects per-test results (the fixtures are ``pytest_run.FixturePlugin``)."""

    def __init__(self, gate: AppGate, points: dict[str, float], wait_timeout: float) -> None:
        self.gate = gate
        self.points = points
        self.wait_timeout = wait_timeout
        self.results: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.collection_errors: list[str] = []

    @pytest.hookimpl(wrapper=True)
    def pytest_collection(self, session: pytest.Session) -> Any:
        with stage("hidden suite: collection"):
            return (yield)

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            doc = (getattr(getattr(item, "obj", None), "__doc__", None) or "").strip()
            base = getattr(item, "originalname", item.name)
            self.order.append(item.nodeid)
            self.results[item.nodeid] = {
                "name": item.name,
                "description": doc.splitlines()[0] if doc else item.name,
                "max_points": float(self.points.get(base, 1.0)),
                "outcome": "error",
                "message": "the test did not run",
            }

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            lines = str(report.longrepr).strip().splitlines() or ["collection failed"]
            self.collection_errors.append(f"{report.nodeid or 'hidden tests'}: {lines[-1]}")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        entry = self.results.get(item.nodeid)
        if entry is None:
            return report
        session = item.funcargs.get(SESSION_FIXTURE) if hasattr(item, "funcargs") else None
        if call.when == "call" or (call.when == "setup" and report.failed):
            if report.passed:
                entry.update(outcome="passed", message="")
            elif call.excinfo is not None:
                message = learner_message(call.excinfo.value)
                last = getattr(getattr(session, "log", None), "last", None)
                if last and not isinstance(call.excinfo.value, AppCrashed):
                    message = _short(f"{message} (last request: {last})")
                entry.update(outcome="failed" if call.when == "call" else "error", message=message)
            elif report.skipped:
                entry.update(outcome="error", message="skipped")
        return report


def run_hidden_tests(
    hidden_tests: Path,
    rootdir: Path,
    gate: AppGate,
    points: dict[str, float] | None = None,
    wait_timeout: float = 600,
) -> tuple[list[HiddenTestResult], list[str]]:
    """Run ``hidden_tests`` and return per-test results plus collection errors (instructor bugs)."""
    plugin = HiddenTestsPlugin(gate, points or {}, wait_timeout)
    before = set(sys.modules)
    args = [
        str(hidden_tests),
        f"--rootdir={rootdir}",
        # An empty config: the course's own pytest settings (filterwarnings=error...) are not the grader's.
        "-c", str(Path(__file__).with_name("hidden_pytest.ini")),
        "--import-mode=importlib",
        "--capture=no",  # fd capture would swallow the whole grader process's output
        "-p", "no:cacheprovider",
        "-p", "no:terminal",
        "-p", "no:faulthandler",
        "-p", "no:warnings",
        "-p", "no:stepwise",
    ]  # fmt: skip
    fixtures = FixturePlugin(lambda: gate.session(wait_timeout))
    exit_code = pytest.main(args, plugins=[fixtures, plugin])
    if exit_code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.NO_TESTS_COLLECTED):
        plugin.collection_errors.append(f"pytest exited with {pytest.ExitCode(exit_code).name}")
    # Re-import the suite next time: no state carries over from one submission to the next.
    suite_modules = {name for name in set(sys.modules) - before if name.rpartition(".")[2] == hidden_tests.stem}
    for name in suite_modules:
        parts = name.split(".")
        for depth in range(len(parts), 0, -1):
            prefix = ".".join(parts[:depth])
            if prefix not in before:
                sys.modules.pop(prefix, None)
    results: list[HiddenTestResult] = []
    for nodeid in plugin.order:
        entry = plugin.results[nodeid]
        earned = entry["max_points"] if entry["outcome"] == "passed" else 0.0
        results.append(
            HiddenTestResult(
                name=entry["name"],
                description=entry["description"],
                outcome=entry["outcome"],
                points=earned,
                max_points=entry["max_points"],
                message=entry["message"],
            )
        )
    return results, plugin.collection_errors
