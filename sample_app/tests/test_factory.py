"""The application factory: configuration paths and wiring."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from sample_app import FIRST_REVISION, SampleFlask, create_app
from sample_app.config import DEFAULTS, PUBLISHED_SECRETS, PublishedSecretError
from sample_app.extensions import MIGRATIONS_FOLDER, db

from .helpers import upgrade_database


# --8<-- [start:factory-no-instance]
@pytest.fixture
def instance_folder(monkeypatch, tmp_path) -> Path:
    """An instance folder of the test's own, not yet created: the app is built to look there."""
    folder = tmp_path / "instance"
    # Flask asks this method where the instance folder is when the app does not say.
    monkeypatch.setattr(SampleFlask, "auto_find_instance_path", lambda app: str(folder))
    return folder


@pytest.fixture
def own_instance_folder(instance_folder, monkeypatch) -> Path:
    """Keep a factory call without a mapping away from the developer's instance folder, environment and dev keys."""
    monkeypatch.delenv("FLASK_SQLALCHEMY_DATABASE_URI", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # As a deployment does: without --debug, the factory refuses the published keys.
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("FLASK_SECRET_KEY", "a-key-only-this-deployment-knows")
    monkeypatch.setenv("FLASK_JWT_SECRET_KEY", "a-jwt-key-only-this-deployment-knows-32-bytes")
    return instance_folder


def test_factory_without_mapping_is_not_in_testing_mode(own_instance_folder):
    """Without a mapping the app runs with its normal, non-testing settings."""
    app = create_app()
    assert not app.testing
    with app.app_context():
        db.engine.dispose()


# --8<-- [end:factory-no-instance]


# --8<-- [start:factory-instance-folder]
def test_factory_without_mapping_keeps_its_database_in_the_instance_folder(own_instance_folder):
    """A development run creates the instance folder, for SQLite's database file in it."""
    app = create_app()
    with app.app_context():
        db.engine.dispose()

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{own_instance_folder / 'sample_app.sqlite'}"
    assert (own_instance_folder / "sample_app.sqlite").is_file()


def test_a_test_app_creates_no_instance_folder(instance_folder, app_config):
    """With a database and an upload folder of its own, a test app leaves no instance/ behind."""
    create_app(app_config)

    assert not instance_folder.exists()


# --8<-- [end:factory-instance-folder]


def test_factory_without_mapping_runs_the_migrations_on_start(own_instance_folder):
    """A development run works straight after a clone: the migrations built the tables."""
    app = create_app()
    with app.app_context():
        assert "user" in inspect(db.engine).get_table_names()
        assert recorded_revision() == ScriptDirectory(str(MIGRATIONS_FOLDER)).get_current_head()
        db.engine.dispose()


# --8<-- [start:refuse-published-secrets]
@pytest.mark.parametrize("name", PUBLISHED_SECRETS)
def test_factory_refuses_to_start_with_a_published_key(own_instance_folder, monkeypatch, name):
    """Outside tests and debug runs, a default key stops the app and the error names the setting."""
    monkeypatch.setenv(f"FLASK_{name}", DEFAULTS[name])

    with pytest.raises(PublishedSecretError, match=f"^{name} is the published development default") as refused:
        create_app()

    assert f"Set FLASK_{name}" in str(refused.value), "the message says how to fix it"
    # The command at its end is copied and run as it stands.
    assert str(refused.value).endswith("python -c 'import secrets; print(secrets.token_hex(32))'")


def test_factory_refuses_a_mapping_with_the_published_keys_outside_testing():
    """A mapping is not a way around the check: only TESTING or DEBUG allows the dev keys."""
    with pytest.raises(PublishedSecretError, match=r"^SECRET_KEY "):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_debug_run_starts_with_the_published_keys(own_instance_folder, monkeypatch):
    """``flask --debug run`` straight after a clone still works: development may use the dev keys."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    for name in PUBLISHED_SECRETS:
        monkeypatch.delenv(f"FLASK_{name}")

    app = create_app()

    assert app.debug
    assert app.config["SECRET_KEY"] == DEFAULTS["SECRET_KEY"]
    # The development server speaks plain HTTP: a Secure cookie would never come back.
    assert app.config["SESSION_COOKIE_SECURE"] is False
    with app.app_context():
        db.engine.dispose()


# --8<-- [end:refuse-published-secrets]


def test_a_database_made_by_create_all_before_the_migrations_is_brought_up_to_date(
    own_instance_folder, monkeypatch, tmp_path
):
    """Tables without Alembic's record are taken for the first revision and upgraded, not created again."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    upgrade_database(url, revision=FIRST_REVISION)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    engine.dispose()
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", url)
    monkeypatch.delenv("DATABASE_URL", raising=False)

    app = create_app()

    with app.app_context():
        assert "provider_subject" in {column["name"] for column in inspect(db.engine).get_columns("user")}
        assert recorded_revision() == ScriptDirectory(str(MIGRATIONS_FOLDER)).get_current_head()
        db.engine.dispose()


def recorded_revision() -> str | None:
    """The revision Alembic recorded in the current app's database."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


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


def test_database_url_switches_to_postgresql(own_instance_folder, monkeypatch):
    """DATABASE_URL selects the database, rewritten for the psycopg 3 driver."""
    monkeypatch.setenv("DATABASE_URL", "postgres://blog@db.internal/blog")
    monkeypatch.setenv("FLASK_CREATE_TABLES_ON_START", "false")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://blog@db.internal/blog"


# --8<-- [start:factory-wiring]
def test_every_blueprint_is_registered(app):
    """Each part of the app is wired in; a forgotten register_blueprint fails here."""
    assert {"auth", "oauth", "pages", "posts", "admin", "uploads", "api"} <= set(app.blueprints)


def test_every_extension_is_initialised(app):
    """Database, migrations, mail, JWT, CSRF, rate limiting and metrics are attached to the app."""
    assert {"sqlalchemy", "migrate", "mail", "flask-jwt-extended", "csrf", "limiter", "metrics"} <= set(app.extensions)


# --8<-- [end:factory-wiring]
