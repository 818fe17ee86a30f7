"""Lesson 1: one small feature tested at two levels of the test pyramid."""

import re

from flask import Flask, request


# --8<-- [start:unit]
def slugify(title: str) -> str:
    """Turn a post title into the URL-friendly part of its address."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def test_slugify_joins_lowercase_words_with_hyphens():
    """Punctuation and spaces between words become single hyphens."""
    assert slugify("Hello, Flask World!") == "hello-flask-world"


# --8<-- [end:unit]


# --8<-- [start:integration]
def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/slug")
    def show_slug():
        return {"slug": slugify(request.args.get("title", ""))}

    return app


def test_slug_endpoint_returns_the_slug_as_json():
    """Routing, the view and JSON encoding work together through the test client."""
    client = create_app().test_client()

    response = client.get("/slug", query_string={"title": "Hello, Flask"})

    assert response.status_code == 200
    assert response.get_json() == {"slug": "hello-flask"}


# --8<-- [end:integration]
