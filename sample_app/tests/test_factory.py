"""The application factory: configuration paths and wiring."""

import pytest
from sqlalchemy import inspect

from sample_app import create_app
from sample_app.extensions import db


# --8<-- [start:factory-no-instance]
@pytest.fixture
def no_instance_database(monkeypatch):
    """Keep a factory call without a mapping away from the real instance database."""
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", "sqlite://")
    monkeypatch.delenv("DATABASE_URL", raising=False)


def test_factory_without_mapping_is_not_in_testing_mode(no_instance_database):
    """Without a mapping the app runs with its normal, non-testing settings."""
    app = create_app()
    assert not app.testing
    with app.app_context():
        db.engine.dispose()
# --8<-- [end:factory-no-instance]


def test_factory_without_mapping_creates_tables_on_start(no_instance_database):
    """A development run works straight after a clone: the tables exist."""
    app = create_app()
    with app.app_context():
        assert "user" in inspect(db.engine).get_table_names()
        db.engine.dispose()


# --8<-- [start:factory-mapping-wins]
def test_mapping_overrides_the_defaults(app):
    """The test configuration wins over the defaults."""
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret-key"
    assert app.config["WTF_CSRF_ENABLED"] is False


def test_environment_is_ignored_when_a_mapping_is_given(monkeypatch, app_config):
    """Tests decide everything: FLASK_* variables do not leak into a test app."""
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    app = create_app(app_config)
    assert app.config["SECRET_KEY"] == "test-secret-key"
# --8<-- [end:factory-mapping-wins]


def test_database_url_switches_to_postgresql(monkeypatch):
    """DATABASE_URL selects the database, rewritten for the psycopg 3 driver."""
    monkeypatch.setenv("DATABASE_URL", "postgres://blog@db.internal/blog")
    monkeypatch.setenv("FLASK_CREATE_TABLES_ON_START", "false")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://blog@db.internal/blog"


# --8<-- [start:factory-wiring]
def test_every_blueprint_is_registered(app):
    """Each part of the app is wired in; a forgotten register_blueprint fails here."""
    assert {"auth", "pages", "posts", "admin", "uploads", "api"} <= set(app.blueprints)


def test_every_extension_is_initialised(app):
    """Database, mail, JWT, CSRF, rate limiting and metrics are attached to the app."""
    assert {"sqlalchemy", "mail", "flask-jwt-extended", "csrf", "limiter", "metrics"} <= set(app.extensions)
# --8<-- [end:factory-wiring]
