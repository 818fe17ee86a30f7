"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
from flask import Flask, request, session

app = Flask(__name__)
app.config.update(TESTING=True, SECRET_KEY="test-secret-key")


@app.post("/login")
def login():
    session["name"] = request.form["name"]
    return "", 204


@app.get("/")
def home():
    return f"Hello, {session['name']}!" if "name" in session else "Please log in."


@pytest.fixture(scope="module")
def client():
    """One client for the whole module, to save time."""
    return app.test_client()


def test_logged_in_visitor_is_greeted_by_name(client):
    """After logging in, the home page says hello."""
    client.post("/login", data={"name": "Ada"})

    assert client.get("/").text == "Hello, Ada!"


def test_anonymous_visitor_is_asked_to_log_in(client):
    """Without logging in, the home page asks the visitor to."""
    assert client.get("/").text == "Please log in."
