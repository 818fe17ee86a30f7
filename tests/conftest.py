"""Options and fixtures shared by the repository-level tests (site, exercises, autograder).

Golden files hold rendered outputs (quiz HTML, feedback pages, reports) in a ``golden/``
folder beside the test module that checks them. After an intended change, rewrite them
with ``python -m pytest tests --update-golden`` and review the diff.
"""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Imported before any test module imports nbformat: it switches off an optional import of
# jsonschema's that costs seconds (see autograder/__init__.py).
import autograder  # noqa: F401
from devtools.browser import launch_chromium


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/**/golden/ from the current outputs instead of comparing.",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare a text output with ``golden/<name>`` beside the test module, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")
    folder = Path(request.path).parent / "golden"

    def check(name: str, actual: str) -> None:
        path = folder / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.is_file(), f"no golden file {path}: run pytest with --update-golden to create it"
        assert actual == path.read_text(encoding="utf-8"), (
            f"output differs from {path}; if the change is intended, rerun with --update-golden and review the diff"
        )

    return check


@pytest.fixture(scope="session")
def once_per_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """``once_per_run(name, produce)``: ``produce()``'s JSON result, computed by one pytest-xdist worker only.

    Each worker would otherwise repeat a costly fixture for the tests it was sent. The first worker
    to ask computes under a lock and stores the result in the run's shared temporary folder; the
    others read it. Without xdist it is simply ``produce()``.
    """
    if not hasattr(request.config, "workerinput"):
        return lambda name, produce: produce()
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent

    def once(name: str, produce: Callable[[], Any]) -> Any:
        stored = shared / f"{name}.json"
        with FileLock(f"{stored}.lock"):
            if stored.is_file():
                return json.loads(stored.read_text(encoding="utf-8"))
            value = produce()
            stored.write_text(json.dumps(value), encoding="utf-8")
            return value

    return once


# Module scope, not session: Playwright's sync API keeps an event loop running in the main
# thread while it is open, which would break every later test that calls asyncio.run().
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium driven by Playwright; skipped when absent, except in CI where it fails."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()
