"""Adds ``--workflow PATH`` and the ``workflow`` fixture: that YAML file, loaded.

Load it with ``-p docs.examples.challenges.lesson16_review_workflow.workflow_option``.
"""

from pathlib import Path

import pytest
import yaml


def pytest_addoption(parser):
    parser.addoption("--workflow", metavar="PATH", help="The GitHub Actions workflow file to check.")


@pytest.fixture(scope="module")
def workflow(request) -> dict:
    """The workflow named by ``--workflow``, as PyYAML reads it."""
    path = request.config.getoption("--workflow")
    if path is None:
        raise pytest.UsageError("name the workflow to check with --workflow PATH")
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
