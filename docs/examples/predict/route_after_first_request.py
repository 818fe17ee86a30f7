"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
from flask import Flask


@pytest.fixture
def app():
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.get("/")
    def home():
        return "Home"

    @app.errorhandler(500)
    def server_error(error):
        return "Sorry, something broke.", 500

    return app


@pytest.fixture
def visited_client(app):
    """A client that has already loaded the home page."""
    client = app.test_client()
    client.get("/")
    return client


@pytest.fixture
def failing_route(app):
    """A route that always raises, added for this test."""

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    return "/boom"


def test_500_page_after_a_visit(app, visited_client, failing_route, monkeypatch):
    """A crash after an ordinary visit still gets the friendly 500 page."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    response = visited_client.get(failing_route)

    assert response.status_code == 500
    assert response.text == "Sorry, something broke."
