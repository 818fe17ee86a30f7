"""Lesson 4: the application context, the request context, and which one a test needs."""

import pytest
from flask import Flask, current_app, g, request, url_for


# --8<-- [start:app]
def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(TESTING=True, SECRET_KEY="test-secret-key", GREETING="Hello")

    @app.get("/visits")
    def count_visits():
        g.visits = g.get("visits", 0) + 1
        return {"visits": g.visits}

    return app


def greeting_for(name: str) -> str:
    """Code outside a view that reads the configuration through ``current_app``."""
    return f"{current_app.config['GREETING']}, {name}!"


def prefers_json() -> bool:
    """Code outside a view that reads the request being handled."""
    return request.accept_mimetypes.best == "application/json"


# --8<-- [end:app]


# --8<-- [start:outside]
def test_current_app_needs_an_application_context():
    """Outside any context, current_app is an error rather than some app."""
    create_app()

    with pytest.raises(RuntimeError, match="outside of application context"):
        greeting_for("Ada")


# --8<-- [end:outside]


# --8<-- [start:app-context]
def test_app_context_is_enough_for_code_that_reads_the_app():
    """app.app_context() gives current_app and g, but no request."""
    app = create_app()

    with app.app_context():
        assert greeting_for("Ada") == "Hello, Ada!"
        with pytest.raises(RuntimeError, match="outside of request context"):
            prefers_json()


# --8<-- [end:app-context]


# --8<-- [start:request-context]
def test_request_context_builds_a_request_without_sending_it():
    """test_request_context() pushes a fake request, and the app context with it."""
    app = create_app()

    with app.test_request_context("/visits", headers={"Accept": "application/json"}):
        assert prefers_json()
        assert url_for("count_visits", page=2) == "/visits?page=2"
        assert greeting_for("Ada") == "Hello, Ada!"


# --8<-- [end:request-context]


# --8<-- [start:g-per-request]
def test_each_request_starts_with_an_empty_g():
    """Without a context held open, every request gets its own app context and its own g."""
    client = create_app().test_client()

    first, second = client.get("/visits"), client.get("/visits")

    assert (first.get_json(), second.get_json()) == ({"visits": 1}, {"visits": 1})


def test_a_context_held_open_is_shared_by_every_request():
    """Requests made while a test holds an app context reuse it, and its g."""
    app = create_app()
    client = app.test_client()

    with app.app_context():
        first, second = client.get("/visits"), client.get("/visits")

    assert (first.get_json(), second.get_json()) == ({"visits": 1}, {"visits": 2})


# --8<-- [end:g-per-request]
