"""The migrations in ``sample_app/migrations``: they build exactly the schema the models describe."""

import contextlib
import logging
from collections.abc import Iterator

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql

from sample_app import create_app
from sample_app.extensions import MIGRATIONS_FOLDER, db

from .helpers import scratch_database, upgrade_database


@contextlib.contextmanager
def connected(url: str) -> Iterator[sa.Connection]:
    """A connection to the database at ``url``, through an engine of its own that is disposed after."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


# --8<-- [start:schema-differences]
def schema_differences(url: str) -> list:
    """What `flask db migrate` would write for the database at ``url``: [] when it matches the models."""
    with connected(url) as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


# --8<-- [end:schema-differences]


def current_revision(url: str) -> str | None:
    """The revision Alembic has recorded in the database at ``url``."""
    with connected(url) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def table_names(url: str) -> set[str]:
    """The names of the tables in the database at ``url``."""
    with connected(url) as connection:
        return set(sa.inspect(connection).get_table_names())


# --8<-- [start:match-test]
def test_migrations_match_the_models(migrated_database_url):
    """Autogenerate finds nothing to add on the migrated database: no model change lacks its migration."""
    assert schema_differences(migrated_database_url) == []


# --8<-- [end:match-test]


def test_the_session_database_is_at_the_newest_revision(migrated_database_url):
    """The session's database records the head revision, so `flask db upgrade` has nothing left to do."""
    head = ScriptDirectory(str(MIGRATIONS_FOLDER)).get_current_head()

    assert current_revision(migrated_database_url) == head


# --8<-- [start:round-trip-test]
def test_every_migration_can_be_undone_and_redone(database_url, tmp_path):
    """Downgrading to base leaves only Alembic's own table; upgrading again rebuilds the same schema."""
    with scratch_database(database_url, "round_trip", tmp_path) as url:
        upgrade_database(url)
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            flask_migrate.downgrade(revision="base")
            db.engine.dispose()

        assert table_names(url) == {"alembic_version"}

        upgrade_database(url)

        assert schema_differences(url) == []


# --8<-- [end:round-trip-test]


# Offline mode never connects, so the host need not exist. It is PostgreSQL, the production
# database, because SQLite cannot be scripted offline: its batch mode reflects the live table.
OFFLINE_DATABASE = "postgresql+psycopg://dba@production-db.invalid/sample_blog"


def test_upgrade_sql_prints_a_script_that_creates_every_table(app_config):
    """`flask db upgrade --sql` prints the SQL for a database administrator: CREATE TABLE for every model."""
    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": OFFLINE_DATABASE})

    result = app.test_cli_runner().invoke(args=["db", "upgrade", "--sql"])

    assert result.exit_code == 0, result.output
    quote = postgresql.dialect().identifier_preparer.quote  # "user" is a reserved word there
    for table in [*db.metadata.tables, "alembic_version"]:
        assert f"CREATE TABLE {quote(table)} (" in result.output
    assert 'ALTER TABLE "user" ADD COLUMN provider_subject VARCHAR(255)' in result.output


# --8<-- [start:logging-test]
def test_migrations_leave_the_logging_of_the_test_run_alone(app_config):
    """env.py configures logging only for the command line: the root handlers and the app's logger survive."""
    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": OFFLINE_DATABASE})
    root_handlers = list(logging.getLogger().handlers)

    app.test_cli_runner().invoke(args=["db", "upgrade", "--sql"])

    assert logging.getLogger().handlers == root_handlers
    assert not app.logger.disabled


# --8<-- [end:logging-test]
