"""Fixtures for the course site's tests: the built site, a local server, Chromium, pytest runs.

The expected quiz HTML lives under ``golden/`` (see the ``golden`` fixture in
``tests/conftest.py``).
"""

import functools
import http.server
import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
FILES = Path(__file__).parent / "files"

# Material prints an end-of-life notice on every MkDocs run; it is not a build problem.
QUIET_MKDOCS = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _mkdocs_build(site_dir: Path, config: Path = REPO / "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` from the repository root, where snippet paths start."""
    # `python -m` puts the working folder on sys.path, so MkDocs can import course_site.
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=REPO,
        env=QUIET_MKDOCS,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def mkdocs_build() -> Callable[..., subprocess.CompletedProcess]:
    """``mkdocs_build(site_dir, config=mkdocs.yml)`` builds a site strictly, from the repository root."""
    return _mkdocs_build


@dataclass(frozen=True)
class Build:
    result: subprocess.CompletedProcess
    site: Path

    @property
    def log(self) -> str:
        return self.result.stdout + self.result.stderr

    def pages(self) -> list[Path]:
        """Every HTML page, as paths relative to the site folder."""
        return sorted(path.relative_to(self.site) for path in self.site.rglob("*.html"))


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> Build:
    """The site exactly as the publish workflow builds it."""
    site = tmp_path_factory.mktemp("build") / "site"
    return Build(_mkdocs_build(site), site)


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The folder of a successful build; tests that need pages stop here if the build failed."""
    if site_build.result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{site_build.log}")
    return site_build.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        """Keep request lines out of the test output."""


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    """The built site served over HTTP on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class OffHostRequests:
    """Requests the page tried to send anywhere but the local server; they are blocked."""

    allowed_host: str
    urls: list[str]

    def route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        # file:, data: and blob: URLs never leave the machine.
        if parts.scheme not in ("http", "https", "ws", "wss") or parts.netloc == self.allowed_host:
            route.continue_()
        else:
            self.urls.append(url)
            route.abort()


@pytest.fixture
def off_host_requests(site_url) -> OffHostRequests:
    return OffHostRequests(urlsplit(site_url).netloc, [])


@pytest.fixture
def new_page(browser, off_host_requests):
    """Make a page in a fresh browser context (empty storage); keyword arguments go to the context."""
    contexts = []

    def make(**context_options):
        context = browser.new_context(**context_options)
        context.route("**/*", off_host_requests.route)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@dataclass(frozen=True)
class PytestRun:
    returncode: int
    output: str
    tests: int
    failures: int
    errors: int
    skipped: int

    @property
    def outcome(self) -> str:
        """``errors``, ``fails`` or ``passes``, in the words the predict quizzes use."""
        if self.errors:
            return "errors"
        if self.failures:
            return "fails"
        if self.tests > self.skipped:
            return "passes"
        raise AssertionError(f"no test ran:\n{self.output}")


@pytest.fixture
def run_pytest(tmp_path) -> Callable[..., PytestRun]:
    """Run pytest in a subprocess from the repository root, under the course's pyproject.toml."""

    def run(*args: str) -> PytestRun:
        report = tmp_path / "report.xml"
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        suite = ET.parse(report).getroot().find("testsuite")
        assert suite is not None, f"no <testsuite> in pytest's JUnit XML:\n{result.stdout}{result.stderr}"
        counts = {name: int(suite.get(name, "")) for name in ("tests", "failures", "errors", "skipped")}
        return PytestRun(result.returncode, result.stdout + result.stderr, **counts)

    return run
