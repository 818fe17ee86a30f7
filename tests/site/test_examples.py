"""The Python that lessons include from docs/examples/ really passes."""

import pytest


@pytest.mark.slow
def test_lesson_examples_pass(run_pytest):
    """Every example test module under docs/examples passes under the course's settings."""
    # Challenges hold starting points that fail on purpose; tests/site/test_challenges.py runs them.
    run = run_pytest("docs/examples", "--ignore=docs/examples/challenges")

    assert (run.outcome, run.failures, run.errors) == ("passes", 0, 0), run.output
    assert run.tests >= 3
