"""Fixtures for lesson 13's examples: the sample app on a fresh in-memory database for every test."""

import pytest

from sample_app import create_app
from sample_app.extensions import db


@pytest.fixture
def app():
    """The sample app configured like the course's own tests: CSRF off, a cheap password hash."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "JWT_SECRET_KEY": "test-jwt-secret-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """One test client for the whole test: it keeps its cookies from one request to the next."""
    return app.test_client()
