"""Options and fixtures shared by the repository-level tests (site, exercises, autograder).

Golden files hold rendered outputs (quiz HTML, feedback pages, reports) in a ``golden/``
folder beside the test module that checks them. After an intended change, rewrite them
with ``python -m pytest tests --update-golden`` and review the diff.
"""

from collections.abc import Callable
from pathlib import Path

import pytest


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
