"""``rate_limits.py`` on its own: the Retry-After a refused client is told to wait.

The limits themselves are tested over HTTP where they apply (``test_auth.py``,
``test_api_auth.py``, ``test_api_status.py``); here the waiting time is checked at its
boundaries, with the clock the limiter uses held still.
"""

from types import SimpleNamespace
from typing import cast

import pytest
from flask_limiter import RequestLimit

from sample_app import rate_limits

NOW = 1_700_000_000


@pytest.mark.parametrize(
    ("reset_at", "seconds"),
    [(NOW + 42, "42"), (NOW + 1, "1"), (NOW, "1"), (NOW - 5, "1")],
    ids=["window-open", "last-second", "window-ends-now", "window-already-over"],
)
def test_retry_after_is_the_rest_of_the_window_and_never_zero(app, monkeypatch, reset_at, seconds):
    """Retry-After counts the seconds until the window resets, and at least 1 when it has."""
    # rate_limits.time is the time module itself: this holds time.time() still for the whole
    # process, the limiter's windows included, until monkeypatch puts it back after the test.
    monkeypatch.setattr(rate_limits.time, "time", lambda: NOW + 0.5)

    with app.app_context():
        response = rate_limits.retry_after(cast(RequestLimit, SimpleNamespace(reset_at=reset_at)))

    assert response.headers["Retry-After"] == seconds


def test_the_breach_response_is_a_429_of_its_own(app):
    """The response handed to Flask-Limiter is already a 429, right even where no error handler rewrites it."""
    with app.app_context():
        response = rate_limits.retry_after(cast(RequestLimit, SimpleNamespace(reset_at=0)))

    assert (response.status_code, response.headers["Retry-After"]) == (429, "1")
