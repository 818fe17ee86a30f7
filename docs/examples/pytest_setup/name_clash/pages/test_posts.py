"""Lesson 2: the HTML pages' post tests, in a file named like api/test_posts.py."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/posts")
    def list_posts():
        return "<p>No posts yet.</p>"

    return app


def test_post_page_says_there_are_no_posts_yet():
    """A new blog's post page says so, instead of showing an empty list."""
    response = create_app().test_client().get("/posts")

    assert "No posts yet." in response.text
