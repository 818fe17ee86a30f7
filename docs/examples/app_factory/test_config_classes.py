"""Lesson 3: the config-class style many tutorials use, and what it means for tests."""

import os

from flask import Flask


# --8<-- [start:classes]
class Config:
    # Evaluated once, when Python first imports this module.
    SECRET_KEY = os.environ.get("BLOG_SECRET_KEY", "dev-only-secret")
    POSTS_PER_PAGE = 10
    page_title = "Blog"  # lower case, so from_object() leaves it out


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"


class TinyPagesTestingConfig(TestingConfig):
    POSTS_PER_PAGE = 2


def create_app(config_class: type = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config_class)
    return app


# --8<-- [end:classes]


# --8<-- [start:class-tests]
def test_testing_class_overrides_the_base_class():
    """A subclass changes only the settings it names; the rest are inherited."""
    app = create_app(TestingConfig)

    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret"
    assert app.config["POSTS_PER_PAGE"] == 10


def test_each_variation_needs_another_class():
    """Changing one setting for one test means declaring a new subclass."""
    assert create_app(TinyPagesTestingConfig).config["POSTS_PER_PAGE"] == 2


def test_only_upper_case_attributes_become_settings():
    """from_object() copies UPPER_CASE names only; a lower-case attribute is silently ignored."""
    app = create_app(TestingConfig)

    assert "page_title" not in app.config
    assert "PAGE_TITLE" not in app.config


def test_environment_is_read_when_the_class_is_defined(monkeypatch):
    """Setting a variable in a test is too late: the class body ran at import time."""
    monkeypatch.setenv("BLOG_SECRET_KEY", "set-by-the-test")

    app = create_app(Config)

    assert app.config["SECRET_KEY"] != "set-by-the-test"


# --8<-- [end:class-tests]
