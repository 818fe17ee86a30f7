"""Lesson 2: a project laid out the way seed 003's pytest.ini expects, tests in tests/test_*.py.

Run from its own folder, pytest reads the pytest.ini beside it; from the repository root,
the course's pyproject.toml applies, and the same tests pass under its strict settings.
"""

import pytest
from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def home():
        return "Welcome to the blog"

    @app.get("/about")
    def about():
        return '<h1>About this blog</h1><a href="/">Home</a>'

    return app


@pytest.fixture
def client():
    return create_app().test_client()


# --8<-- [start:discovery]
def test_home_page_welcomes_visitors(client):
    """The home page says what the site is."""
    assert client.get("/").text == "Welcome to the blog"


class TestAboutPage:
    """The about page's tests, grouped: the name starts with Test, so pytest looks inside."""

    def test_names_the_blog(self, client):
        """The heading says whose blog it is."""
        assert "<h1>About this blog</h1>" in client.get("/about").text

    def test_links_back_to_the_home_page(self, client):
        """Readers can get back to the start."""
        assert '<a href="/">Home</a>' in client.get("/about").text


def about_page_answers_head_requests(client):
    """Never collected: the name does not start with test_, so this check never runs."""
    assert client.head("/about").status_code == 200


# --8<-- [end:discovery]
