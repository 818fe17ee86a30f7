"""Lesson 3: TESTING belongs in the mapping given to the factory, not in a later assignment."""

import pytest

from sample_app import create_app


@pytest.fixture
def test_config(tmp_path) -> dict:
    """The least the sample app needs to start without touching the instance folder's files."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "JWT_SECRET_KEY": "test-jwt-secret-that-is-long-enough-for-hs256",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }


# --8<-- [start:mail]
def test_testing_given_to_the_factory_suppresses_mail(test_config):
    """Flask-Mail reads TESTING in init_app(): the factory's mapping is early enough."""
    app = create_app(test_config)

    assert app.extensions["mail"].suppress


def test_testing_switched_on_afterwards_leaves_mail_live(test_config):
    """Setting TESTING after create_app() changes app.testing, but Flask-Mail decided long ago."""
    app = create_app(test_config | {"TESTING": False})

    app.config["TESTING"] = True

    assert app.testing
    assert not app.extensions["mail"].suppress


# --8<-- [end:mail]
