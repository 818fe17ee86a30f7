"""Lesson 13: a crash in a view is logged (caplog) and counted (a fake metrics collector)."""

import logging

import pytest


# --8<-- [start:fake]
class RecordingMetrics:
    """Stands in for the app's metrics collector and remembers every increment, in order."""

    def __init__(self):
        self.increments = []

    def increment(self, name, tags=None):
        self.increments.append((name, tags or {}))


@pytest.fixture
def metrics(app):
    """Put the fake where the app's code looks for its collector, ``app.extensions["metrics"]``."""
    fake = RecordingMetrics()
    app.extensions["metrics"] = fake
    return fake


# --8<-- [end:fake]


@pytest.fixture
def crashing_route(app, monkeypatch):
    """A route that always raises, with exceptions turned into the 500 page as in production."""
    # TESTING re-raises exceptions into the test; without propagation the 500 handler runs.
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    @app.get("/crash")
    def crash():
        raise RuntimeError("disk on fire")

    return "/crash"


# --8<-- [start:caplog]
def test_crash_is_logged_with_its_message(client, crashing_route, caplog):
    """The visitor sees a polite 500 page; the details go to one ERROR record in the log."""
    with caplog.at_level(logging.ERROR):
        response = client.get(crashing_route)

    assert response.status_code == 500
    assert "disk on fire" not in response.text
    [record] = caplog.records
    assert record.levelname == "ERROR"
    assert record.getMessage() == "Unhandled RuntimeError on GET /crash: disk on fire"
    assert record.exc_info[0] is RuntimeError


# --8<-- [end:caplog]


# --8<-- [start:metrics]
def test_crash_is_counted_as_a_500_and_as_a_request(client, crashing_route, metrics):
    """The 500 handler counts the error, then the after-request hook counts the request."""
    client.get(crashing_route)

    assert metrics.increments == [
        ("errors_total", {"status": "500"}),
        ("http_requests_total", {}),
    ]


# --8<-- [end:metrics]
