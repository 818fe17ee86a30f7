"""Learner and public tests under pytest itself, with the course's fixtures, results back as data.

Everything the lessons show works because it *is* pytest: the learner's own fixtures, classes,
``parametrize`` ids, marks, ``monkeypatch``, ``tmp_path``, ``capsys``, ``caplog``, ``mocker``,
``pytest.raises`` and assertion rewriting (``assert 1299 == 1300`` in a failure message). The
tests are written as module files into a private folder and run with ``pytest.main`` in this
process; a plugin object provides ``client``, ``make_client`` and ``outbox`` from whatever
session factory the caller passes (in-process apps for the self-check, a remote app in grading),
and another collects one ``TestResult`` per test through pytest's hooks.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _pytest.config import _prepareconfig

from .session import CourseSession
from .text import cut

__all__ = [
    "MAX_MESSAGE",
    "OUTCOMES",
    "SESSION_FIXTURE",
    "FixturePlugin",
    "PreparedRun",
    "ResultRecorder",
    "RunReport",
    "TestResult",
    "no_session",
    "run_pytest",
]

OUTCOMES = ("passed", "failed", "error", "skipped", "xfailed")
SESSION_FIXTURE = "_course_session"  # the fixture the other three come from
MAX_MESSAGE = 600
MAX_MESSAGE_LINES = 8

# The learner's run is pytest with the course's defaults and nothing from the machine around it:
# no ini file above the folder, no conftest above it, no plugins installed for other projects.
INI = "[pytest]\nxfail_strict = true\n"
QUIET_PLUGINS = (
    "cacheprovider",
    "terminal",
    "faulthandler",
    "pastebin",
    "junitxml",
    "doctest",
    "legacypath",
    "setuponly",
    "setupplan",
    "stepwise",
    "debugging",
)
# pytest-mock's ``mocker`` is taught in the lessons; loaded by name since autoload is off.
OPTIONAL_PLUGINS = ("pytest_mock",)


@dataclass(frozen=True)
class TestResult:
    """One test's outcome (one of ``OUTCOMES``) and pytest's message for it."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    name: str  # the node id without the file: "TestCart::test_add[mug]"
    outcome: str
    message: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class RunReport:
    """What one ``run_pytest`` call found: results in collection order, and collection errors."""

    results: list[TestResult] = field(default_factory=list)
    collection_errors: list[str] = field(default_factory=list)
    exit_code: int = 0


def short_message(text: str) -> str:
    """pytest's text for a failure, kept readable: no blank lines or diff hints, a few lines at most."""
    # pytest prefixes some assertion messages with the exception's name and not others.
    if text.startswith("AssertionError: assert "):
        text = text.removeprefix("AssertionError: ")
    lines = [line.rstrip() for line in text.splitlines()]
    lines = [line for line in lines if line.strip() and not line.strip().startswith("Use -v to get")]
    if len(lines) > MAX_MESSAGE_LINES:
        lines = [*lines[:MAX_MESSAGE_LINES], "…"]
    message = "\n".join(lines)
    return cut(message, MAX_MESSAGE)


def report_message(report: Any) -> str:
    """The message pytest would print for ``report``: the crash line with values, or a skip reason."""
    longrepr = report.longrepr
    if longrepr is None:
        return ""
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # a skip: (path, line, "Skipped: why")
        return short_message(str(longrepr[2]).removeprefix("Skipped: "))
    message = getattr(getattr(longrepr, "reprcrash", None), "message", None)
    if message:
        return short_message(message)
    text = str(longrepr)
    # Fixture errors have no crash line; their "E   fixture 'x' not found" lines say it all.
    marked = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
    return short_message("\n".join(marked) if marked else text)


def no_session() -> CourseSession:
    """The session maker of a run whose tests use none of the course's fixtures (or not yet set)."""
    raise RuntimeError("this run has no course session: its tests cannot use the course's fixtures")


class FixturePlugin:
    """The fixture vocabulary (``session.FIXTURE_NAMES``), from a session made fresh for every test."""

    def __init__(self, new_session: Callable[[], CourseSession]) -> None:
        self.new_session = new_session  # set again before each run of a PreparedRun

    @pytest.fixture
    def _course_session(self) -> Iterator[CourseSession]:
        session = self.new_session()
        try:
            yield session
        finally:
            session.close()

    @pytest.fixture
    def client(self, _course_session: CourseSession) -> Any:
        """A test client for a fresh app of this exercise."""
        return _course_session.client

    @pytest.fixture
    def make_client(self, _course_session: CourseSession) -> Any:
        """``make_client(**config)``: a client for another fresh app with extra config."""
        return _course_session.make_client

    @pytest.fixture
    def outbox(self, _course_session: CourseSession) -> Any:
        """The mails the ``client`` fixture's app sent."""
        return _course_session.outbox


class ResultRecorder:
    """Collects one ``TestResult`` per collected test, in collection order, through pytest's hooks."""

    def __init__(
        self,
        on_result: Callable[[TestResult], None] | None = None,
        on_collected: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.on_result = on_result
        self.on_collected = on_collected
        self.order: list[str] = []
        self.entries: dict[str, dict[str, str]] = {}
        self.collection_errors: list[str] = []

    @staticmethod
    def display_name(nodeid: str) -> str:
        return nodeid.split("::", 1)[1] if "::" in nodeid else nodeid

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            where = Path(report.nodeid).name if report.nodeid else "the tests"
            self.collection_errors.append(f"{where}: {report_message(report) or 'could not be collected'}")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            self.order.append(item.nodeid)
            self.entries[item.nodeid] = {"outcome": "error", "message": "the test did not run"}
        if self.on_collected is not None:
            self.on_collected([self.display_name(nodeid) for nodeid in self.order])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self.entries.get(report.nodeid)
        if entry is None:
            return
        xfail = hasattr(report, "wasxfail")
        if report.when == "setup":
            if report.failed:
                entry.update(outcome="error", message=report_message(report))
            elif report.skipped:
                reason = str(getattr(report, "wasxfail", "")) if xfail else report_message(report)
                entry.update(outcome="xfailed" if xfail else "skipped", message=reason)
            else:
                entry.update(outcome="error", message="the test stopped before it finished")
        elif report.when == "call":
            if report.passed:
                entry.update(outcome="passed", message="")
            elif report.failed:
                entry.update(outcome="failed", message=report_message(report))
            else:
                reason = str(getattr(report, "wasxfail", "")) if xfail else report_message(report)
                entry.update(outcome="xfailed" if xfail else "skipped", message=reason)
        elif report.failed:  # teardown
            message = "error in teardown: " + report_message(report)
            entry.update(outcome="error", message=short_message(message))

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        if self.on_result is not None and nodeid in self.entries:
            self.on_result(self.result(nodeid))

    def result(self, nodeid: str) -> TestResult:
        entry = self.entries[nodeid]
        return TestResult(self.display_name(nodeid), entry["outcome"], entry["message"])

    def report(self, exit_code: int) -> RunReport:
        return RunReport([self.result(nodeid) for nodeid in self.order], list(self.collection_errors), int(exit_code))


@contextlib.contextmanager
def _no_plugin_autoload() -> Iterator[None]:
    before = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = before


def _optional_plugins() -> list[str]:
    args: list[str] = []
    for name in OPTIONAL_PLUGINS:
        with contextlib.suppress(ImportError):
            __import__(name)
            args += ["-p", name]
    return args


def _forget_modules_under(folder: Path) -> None:
    # importlib mode would reuse a module of the same name on the next run; import afresh.
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and Path(file).is_relative_to(folder):
            del sys.modules[name]


class PreparedRun:
    """A pytest run whose configuration is built (plugins loaded, options parsed) but not started.

    Building a configuration is most of what ``pytest.main`` costs before the first test. The
    quality check builds one in its worker, which never runs learner code, and forks a child per
    app variant to ``run()`` it; each child runs from the same starting state. In-process callers
    use ``run_pytest``, which prepares and runs in one go.
    """

    def __init__(self, files: Mapping[str, str], workdir: str | Path, extra_args: tuple[str, ...] = ()) -> None:
        self.files = dict(files)
        self.folder = Path(workdir)
        self._write_files()
        args = [
            *(str(self.folder / name) for name in self.files),
            "-c", str(self.folder / "pytest.ini"),
            f"--rootdir={self.folder}",
            f"--confcutdir={self.folder}",
            "--import-mode=importlib",
            "--capture=sys",  # fd capture would fight a Jupyter kernel over its output streams
            *(arg for name in QUIET_PLUGINS for arg in ("-p", f"no:{name}")),
            *_optional_plugins(),
            *extra_args,
        ]  # fmt: skip
        self.fixtures = FixturePlugin(no_session)
        self.recorder = ResultRecorder()
        with _no_plugin_autoload():
            # pytest.main() is exactly _prepareconfig() followed by the pytest_cmdline_main hook.
            self.config = _prepareconfig(args, [self.fixtures, self.recorder])

    def rewrite_ahead(self) -> None:
        """Do pytest's assertion rewriting of the test files now, once, for every later run.

        Rewriting parses and compiles each file (no code of it runs); pytest would otherwise redo
        it in every forked run, where nothing can be cached on disk. Keyed by path and content,
        so a file that changed is rewritten afresh.
        """
        from _pytest.assertion import rewrite

        original = rewrite._rewrite_test
        done: dict[tuple[str, bytes], Any] = {}

        def rewrite_once(fn: Path, config: Any) -> Any:
            key = (str(fn), Path(fn).read_bytes())
            if key not in done:
                done[key] = original(fn, config)
            return done[key]

        rewrite._rewrite_test = rewrite_once
        for name in self.files:
            with contextlib.suppress(Exception):  # a file that does not compile: pytest reports it
                rewrite_once(self.folder / name, self.config)

    def _write_files(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, source in self.files.items():
            (self.folder / name).write_text(source, encoding="utf-8")
        (self.folder / "pytest.ini").write_text(INI, encoding="utf-8")

    def run(
        self,
        new_session: Callable[[], CourseSession],
        *,
        on_result: Callable[[TestResult], None] | None = None,
        on_collected: Callable[[list[str]], None] | None = None,
        unconfigure: bool = True,
    ) -> RunReport:
        """Run the tests once. ``unconfigure=False`` skips pytest's clean-up, for a process about to exit."""
        self._write_files()  # a forked child may be in a fresh /tmp
        if not unconfigure:
            # pytest's clean-up still runs a full garbage collection to find unraisable
            # exceptions to report; a process about to exit has no one to report them to.
            from _pytest.unraisableexception import gc_collect_iterations_key

            self.config.stash[gc_collect_iterations_key] = 0
        self.fixtures.new_session = new_session
        self.recorder.on_result = on_result
        self.recorder.on_collected = on_collected
        try:
            with _no_plugin_autoload():
                exit_code = self.config.hook.pytest_cmdline_main(config=self.config)
        finally:
            if unconfigure:
                self.config._ensure_unconfigure()
            _forget_modules_under(self.folder)
        return self.recorder.report(exit_code)


def run_pytest(
    files: Mapping[str, str],
    new_session: Callable[[], CourseSession],
    workdir: str | Path,
    *,
    on_result: Callable[[TestResult], None] | None = None,
    on_collected: Callable[[list[str]], None] | None = None,
    extra_args: tuple[str, ...] = (),
) -> RunReport:
    """Write ``files`` (``test_*.py`` name → source) into ``workdir`` and run them under pytest.

    ``new_session()`` makes what the course fixtures come from: an object with ``client``,
    ``make_client``, ``outbox`` and ``close()``. ``on_collected`` hears the names of the tests
    once they are collected, ``on_result`` each test as it finishes.
    """
    return PreparedRun(files, workdir, extra_args).run(new_session, on_result=on_result, on_collected=on_collected)
