"""Lesson 2 challenge, the starting point: a view that still calls a helper's deprecated name."""

import math
import warnings

from flask import Flask

WORDS_PER_MINUTE = 200
POSTS = {1: "word " * 450}


def minutes_to_read(text: str) -> int:
    """Minutes an average reader needs for the text, rounded up."""
    return math.ceil(len(text.split()) / WORDS_PER_MINUTE)


def reading_time(text: str) -> int:
    """The old name of minutes_to_read(), kept for the callers that have not moved yet."""
    warnings.warn("reading_time() is deprecated; call minutes_to_read()", DeprecationWarning, stacklevel=2)
    return minutes_to_read(text)


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.get("/api/posts/<int:post_id>/reading-time")
    def show_reading_time(post_id):
        return {"minutes": reading_time(POSTS[post_id])}

    return app


def test_post_says_how_long_it_takes_to_read():
    """450 words at 200 a minute take three minutes, rounded up."""
    response = create_app().test_client().get("/api/posts/1/reading-time")

    assert response.get_json() == {"minutes": 3}
