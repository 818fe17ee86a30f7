"""Lesson 18, done right: every test gets its own app, client and data, so any order works."""

import pytest
from flask import Flask, request, session


# --8<-- [start:factory]
def create_app() -> Flask:
    """A new app, with its own subscriber list, for every caller."""
    app = Flask(__name__)
    app.config.update(TESTING=True, SECRET_KEY="test-secret-key")
    subscribers: list[str] = []

    @app.post("/login")
    def login():
        session["name"] = request.form["name"]
        return "", 204

    @app.get("/")
    def home():
        return f"Hello, {session['name']}!" if "name" in session else "Please log in."

    @app.post("/subscribers")
    def subscribe():
        subscribers.append(request.form["email"])
        return {"subscribed": True}, 201

    @app.get("/subscribers")
    def list_subscribers():
        return {"subscribers": subscribers}

    return app


# --8<-- [end:factory]


# --8<-- [start:tests]
@pytest.fixture
def client():
    """A new app and a new client for every test: no cookies or rows left over."""
    return create_app().test_client()


def test_logged_in_visitor_is_greeted_by_name(client):
    """After logging in, the home page says hello."""
    client.post("/login", data={"name": "Ada"})

    assert client.get("/").text == "Hello, Ada!"


def test_anonymous_visitor_is_asked_to_log_in(client):
    """Without logging in, the home page asks the visitor to."""
    assert client.get("/").text == "Please log in."


def test_subscriber_list_shows_who_subscribed(client):
    """The test adds the subscriber it expects to see; it relies on no earlier test."""
    client.post("/subscribers", data={"email": "ada@example.com"})

    response = client.get("/subscribers")

    assert response.get_json() == {"subscribers": ["ada@example.com"]}


# --8<-- [end:tests]
