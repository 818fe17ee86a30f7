"""Predict the outcome, under the course's settings (xfail_strict = true)."""

import pytest


def average(scores: list[int]) -> float:
    """The mean score; 0.0 for no scores at all."""
    if not scores:
        return 0.0
    return sum(scores) / len(scores)


@pytest.mark.xfail(reason="bug #12: average([]) divides by zero")
def test_average_of_no_scores_is_zero():
    """An empty class has an average of zero."""
    assert average([]) == 0.0
