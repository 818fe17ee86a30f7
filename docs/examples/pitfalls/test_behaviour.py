"""Lesson 18, done right: check what a user of the endpoint sees, not which helpers run."""

import hmac

import pytest
from flask import Flask, request


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True
    passwords = {"ada": "correct horse"}

    @app.post("/login")
    def login():
        stored = passwords.get(request.form["username"])
        given = request.form["password"]
        if stored is not None and hmac.compare_digest(stored.encode(), given.encode()):
            return {"logged_in": True}
        return {"logged_in": False}, 401

    return app


@pytest.fixture
def client():
    return create_app().test_client()


# --8<-- [start:behaviour]
def test_right_password_logs_in(client):
    """The right password is accepted, however the view checks it."""
    response = client.post("/login", data={"username": "ada", "password": "correct horse"})

    assert response.status_code == 200
    assert response.get_json() == {"logged_in": True}


@pytest.mark.parametrize(
    ("username", "password"),
    [("ada", "wrong horse"), ("ada", ""), ("nobody", "correct horse")],
    ids=["wrong-password", "empty-password", "unknown-user"],
)
def test_any_wrong_credential_is_refused(client, username, password):
    """A wrong password or an unknown user gets 401, and the same answer for both."""
    response = client.post("/login", data={"username": username, "password": password})

    assert response.status_code == 401
    assert response.get_json() == {"logged_in": False}


# --8<-- [end:behaviour]
