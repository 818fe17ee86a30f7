"""Fixtures for checking the exercises in-process: reference apps, mutants, suites and notebooks.

Helpers (each fixture returns the function of the same name in ``harness.py``):

* ``notebook_cells(path, tag)`` -- sources of a notebook's cells tagged ``tag``.
* ``reference_source(exercise_id)`` -- the solution's ``app`` cells joined into one module source.
* ``load_app_module(source)`` -- exec an app source into a fresh module.
* ``run_test_module(source_or_path, app_source, *, app_config=None, exercise_id=None)`` -- run a
  tests module under a nested pytest against that app; returns ``{test name: outcome}``.
* ``run_learner_tests(source, app_source, *, app_config=None, exercise_id=None)`` -- the same for
  a notebook's ``tests`` cells, under pytest exactly as the grader and the self-check run them.

Contract fixtures, built from any app module:

* ``app_session(module, exercise_id=None, app_config=None)`` -- an ``autograder.runtime.AppSession``
  whose ``client`` (with ``.fresh()``), ``make_client(**overrides)`` and ``outbox`` are the grader's
  fixtures (with the suite's ``app_config`` when only ``exercise_id`` is given); closed after the test.
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from autograder.runtime import AppSession
from tests.exercises import harness


@pytest.fixture
def notebook_cells() -> Callable[..., list[str]]:
    return harness.notebook_cells


@pytest.fixture
def reference_source() -> Callable[[str], str]:
    return harness.reference_source


@pytest.fixture
def load_app_module() -> Callable[..., Any]:
    return harness.load_app_module


@pytest.fixture
def run_test_module() -> Callable[..., harness.Outcomes]:
    return harness.run_test_module


@pytest.fixture
def run_learner_tests() -> Callable[..., harness.Outcomes]:
    return harness.run_learner_tests


@pytest.fixture
def app_session() -> Iterator[Callable[..., AppSession]]:
    """Factory for the contract's fixtures (client, make_client, outbox) around an app module."""
    sessions: list[AppSession] = []

    def build(module, exercise_id: str | None = None, app_config: Mapping[str, Any] | None = None) -> AppSession:
        if app_config is None and exercise_id is not None:
            app_config = harness.load_suite(exercise_id).get("app_config", {})
        session = AppSession(module.create_app, app_config)
        sessions.append(session)
        return session

    yield build
    for session in sessions:
        session.close()
