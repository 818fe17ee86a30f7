"""Lesson 1 challenge, solved: the known bug fixed, and its test no longer marked xfail."""

import pytest
from flask import Flask, abort

POSTS = {1: "Hello, Flask"}


# --8<-- [start:fix]
def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.get("/posts/<int:post_id>")
    def show_post(post_id):
        if post_id not in POSTS:
            abort(404)
        return POSTS[post_id]

    return app


@pytest.fixture
def client():
    return create_app().test_client()


def test_unknown_post_is_not_found(client):
    """Asking for a post that does not exist answers 404."""
    response = client.get("/posts/99")

    assert response.status_code == 404


# --8<-- [end:fix]


def test_known_post_is_shown(client):
    """A post that exists is shown."""
    response = client.get("/posts/1")

    assert response.text == "Hello, Flask"
