"""Lesson 1, challenge: the known bug from outcomes.py fixed, and its test no longer marked xfail."""

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


def test_unknown_post_is_not_found():
    """Asking for a post that does not exist answers 404."""
    response = create_app().test_client().get("/posts/99")

    assert response.status_code == 404
# --8<-- [end:fix]


def test_known_post_is_shown():
    """The fix leaves existing posts alone."""
    response = create_app().test_client().get("/posts/1")

    assert response.text == "Hello, Flask"
