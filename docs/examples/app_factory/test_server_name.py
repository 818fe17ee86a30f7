"""Lesson 3: what SERVER_NAME changes, and why the shared test configuration leaves it unset."""

import pytest
from flask import Flask, request, url_for


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(TESTING=True)
    app.config.from_mapping(test_config or {})

    @app.get("/posts/<int:post_id>")
    def show_post(post_id: int):
        return {"id": post_id, "host": request.host, "theme": request.cookies.get("theme", "light")}

    return app


# --8<-- [start:url-for]
def test_url_for_outside_a_request_needs_server_name():
    """With no request to copy the host from, url_for() has nothing to build the URL with."""
    app = create_app()

    with app.app_context(), pytest.raises(RuntimeError, match="SERVER_NAME"):
        url_for("show_post", post_id=1)


def test_server_name_for_one_test_builds_external_urls():
    """The test that needs full URLs, say for an email, sets SERVER_NAME for itself only."""
    app = create_app({"SERVER_NAME": "blog.test"})

    with app.app_context():
        assert url_for("show_post", post_id=1, _external=True) == "http://blog.test/posts/1"


# --8<-- [end:url-for]


# --8<-- [start:client]
def test_server_name_moves_the_test_client_to_that_host():
    """Requests from the test client now go to blog.test instead of localhost."""
    client = create_app({"SERVER_NAME": "blog.test"}).test_client()

    assert client.get("/posts/1").get_json()["host"] == "blog.test"


def test_cookie_set_for_localhost_is_not_sent_to_server_name():
    """client.set_cookie() stores cookies for localhost unless told otherwise."""
    client = create_app({"SERVER_NAME": "blog.test"}).test_client()

    client.set_cookie("theme", "dark")
    assert client.get("/posts/1").get_json()["theme"] == "light"

    client.set_cookie("theme", "dark", domain="blog.test")
    assert client.get("/posts/1").get_json()["theme"] == "dark"


# --8<-- [end:client]
