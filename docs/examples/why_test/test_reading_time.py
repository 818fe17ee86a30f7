"""Lesson 1, red-green step 2: just enough code to make the test from step 1 pass."""

import math

import pytest
from flask import Flask

POSTS = {1: {"title": "Hello, Flask", "body": "word " * 450}}


# --8<-- [start:code]
WORDS_PER_MINUTE = 200


def reading_minutes(text: str) -> int:
    """Minutes an average reader needs for the text, rounded up."""
    return math.ceil(len(text.split()) / WORDS_PER_MINUTE)


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.get("/api/posts/<int:post_id>")
    def show_post(post_id):
        post = POSTS[post_id]
        return {"title": post["title"], "reading_minutes": reading_minutes(post["body"])}

    return app
# --8<-- [end:code]


@pytest.fixture
def client():
    return create_app().test_client()


def test_post_says_how_long_it_takes_to_read(client):
    """At 200 words a minute, a 450-word post is a three-minute read."""
    response = client.get("/api/posts/1")

    assert response.get_json() == {"title": "Hello, Flask", "reading_minutes": 3}
