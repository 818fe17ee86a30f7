"""Lesson 2: the API's post tests; pages/ has a test_posts.py too, which only importlib mode allows."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/api/posts")
    def list_posts():
        return {"posts": []}

    return app


def test_post_list_starts_empty():
    """A new blog's API lists no posts."""
    response = create_app().test_client().get("/api/posts")

    assert response.get_json() == {"posts": []}
