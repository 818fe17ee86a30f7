"""Lesson 1 challenge, solved: just enough code to turn the two red tests green."""

import math

import pytest
from flask import Flask

WORDS_PER_MINUTE = 200
PREVIEW_WORDS = 8
POSTS = {
    1: {"title": "Why test?", "body": "A test is a small program that checks a big one, and it never gets tired."},
    2: {"title": "Short", "body": "Just two."},
}


def reading_minutes(text: str) -> int:
    """Minutes an average reader needs for the text, rounded up."""
    return math.ceil(len(text.split()) / WORDS_PER_MINUTE)


# --8<-- [start:code]
def preview(text: str) -> str:
    """The first PREVIEW_WORDS words of the text, with an ellipsis when there were more."""
    words = text.split()
    if len(words) <= PREVIEW_WORDS:
        return text
    return " ".join(words[:PREVIEW_WORDS]) + "…"


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.get("/api/posts/<int:post_id>")
    def show_post(post_id):
        post = POSTS[post_id]
        return {
            "title": post["title"],
            "reading_minutes": reading_minutes(post["body"]),
            "preview": preview(post["body"]),
        }

    return app


# --8<-- [end:code]


@pytest.fixture
def client():
    return create_app().test_client()


def test_long_post_is_previewed_by_its_first_eight_words(client):
    """A body longer than eight words is cut after the eighth, with an ellipsis."""
    response = client.get("/api/posts/1")

    assert response.get_json() == {
        "title": "Why test?",
        "reading_minutes": 1,
        "preview": "A test is a small program that checks…",
    }


def test_short_post_is_previewed_whole(client):
    """A body of eight words or fewer is its own preview, with no ellipsis."""
    response = client.get("/api/posts/2")

    assert response.get_json() == {"title": "Short", "reading_minutes": 1, "preview": "Just two."}
