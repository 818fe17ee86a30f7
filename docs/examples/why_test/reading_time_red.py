"""Lesson 1, red-green step 1: the test is written first, so it fails against today's app.

Run it by name to see it fail; test_reading_time.py is the same test once the feature exists.
"""

import pytest
from flask import Flask

POSTS = {1: {"title": "Hello, Flask", "body": "word " * 450}}


# --8<-- [start:app]
def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.get("/api/posts/<int:post_id>")
    def show_post(post_id):
        post = POSTS[post_id]
        return {"title": post["title"]}

    return app


# --8<-- [end:app]


@pytest.fixture
def client():
    return create_app().test_client()


# --8<-- [start:test]
def test_post_says_how_long_it_takes_to_read(client):
    """At 200 words a minute, a 450-word post is a three-minute read."""
    response = client.get("/api/posts/1")

    assert response.get_json() == {"title": "Hello, Flask", "reading_minutes": 3}


# --8<-- [end:test]
