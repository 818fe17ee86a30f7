"""Lesson 1, red-green step 2: just enough code to make the test from step 1 pass.

The test is imported unchanged from step 1, so the same test that was red is now green.
"""

import math

import pytest
from flask import Flask

from docs.examples.why_test.reading_time_red import POSTS, test_post_says_how_long_it_takes_to_read  # noqa: F401

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
