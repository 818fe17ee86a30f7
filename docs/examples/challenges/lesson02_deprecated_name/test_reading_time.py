"""Lesson 2 challenge, solved: the view moved to the new name, and the old name's warning is tested."""

import math
import warnings

import pytest
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


# --8<-- [start:solution]
def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.get("/api/posts/<int:post_id>/reading-time")
    def show_reading_time(post_id):
        return {"minutes": minutes_to_read(POSTS[post_id])}

    return app


def test_post_says_how_long_it_takes_to_read():
    """450 words at 200 a minute take three minutes, rounded up."""
    response = create_app().test_client().get("/api/posts/1/reading-time")

    assert response.get_json() == {"minutes": 3}


def test_old_name_still_works_and_says_it_is_deprecated():
    """Callers of reading_time() get the same answer, and a warning that names the new function."""
    with pytest.warns(DeprecationWarning, match=r"call minutes_to_read\(\)"):
        assert reading_time(POSTS[1]) == 3


# --8<-- [end:solution]
