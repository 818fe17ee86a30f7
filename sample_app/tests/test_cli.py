"""The Flask CLI commands, run with ``app.test_cli_runner()``."""

import pytest
import sqlalchemy as sa

from sample_app.extensions import db
from sample_app.models import Post, User

from .helpers import count_rows


def table_names(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def test_init_db_creates_tables(app, runner):
    """`flask init-db` creates every model's table in an empty database, and says so."""
    with app.app_context():
        db.drop_all()

    result = runner.invoke(args=["init-db"])

    assert result.exit_code == 0
    assert "Initialized the database." in result.stdout
    assert table_names(app) >= {"user", "post", "todo", "upload"}


def test_init_db_drop_removes_existing_rows(app, runner, user):
    """`flask init-db --drop` starts from empty tables."""
    result = runner.invoke(args=["init-db", "--drop"])
    assert result.exit_code == 0
    assert count_rows(app, User) == 0


# --8<-- [start:seed-tests]
def test_seed_fills_an_empty_database(app, runner):
    """`flask seed` creates the requested users and posts."""
    result = runner.invoke(args=["seed", "--users", "2", "--posts-per-user", "3"])
    assert result.exit_code == 0, result.output
    assert "Seeded 2 users and 6 posts." in result.stdout
    assert (count_rows(app, User), count_rows(app, Post)) == (2, 6)


# --8<-- [start:factory-runner]
def test_seed_refuses_a_database_that_has_users(app, runner, user):
    """Seeding never mixes demo data into real data."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 1
    assert "already has users" in result.stderr
    assert count_rows(app, User) == 1


def test_seed_rejects_out_of_range_counts(runner):
    """Click validates the options before anything is written."""
    result = runner.invoke(args=["seed", "--users", "0"])
    assert result.exit_code == 2
    assert "--users" in result.stderr


# --8<-- [end:factory-runner]
# --8<-- [end:seed-tests]


def test_create_admin_creates_an_administrator(app, runner):
    """`flask create-admin` makes a user with the admin flag and the given password."""
    result = runner.invoke(args=["create-admin", "root2", "--email", "Root@Example.com", "--password", "s3cret-pass"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        admin = db.session.scalar(db.select(User).filter_by(username="root2"))
        assert admin.is_admin
        assert admin.email == "root@example.com"
        assert admin.check_password("s3cret-pass")


def test_create_admin_prompts_for_the_password_twice(app, runner):
    """Without --password the command asks for it, with confirmation."""
    result = runner.invoke(
        args=["create-admin", "boss", "--email", "boss@example.com"], input="pw-12345678\npw-12345678\n"
    )
    assert result.exit_code == 0, result.output
    assert count_rows(app, User) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["ad", "--email", "ad@example.com", "--password", "s3cret-pass"],
            "Invalid value for username: Must be 3 to 30",
        ),
        (
            ["boss", "--email", "not-an-email", "--password", "s3cret-pass"],
            "Invalid value for --email: An email address must have",
        ),
        (["boss", "--email", "boss@example.com", "--password", "short1"], "at least 8 characters"),
        (["boss", "--email", "boss@example.com", "--password", "lettersonly"], "one letter and one digit"),
    ],
    ids=["short-username", "bad-email", "short-password", "weak-password"],
)
def test_create_admin_applies_the_sign_up_rules(app, runner, arguments, message):
    """An administrator follows the same username, email and password rules as everyone else."""
    result = runner.invoke(args=["create-admin", *arguments])

    assert result.exit_code == 2
    assert message in result.stderr
    assert count_rows(app, User) == 0


def test_create_admin_reports_a_duplicate_without_a_traceback(app, runner, user):
    """A taken username is a clear error, and the existing user is untouched."""
    result = runner.invoke(args=["create-admin", "testuser", "--email", "new@example.com", "--password", "n3w-secret"])
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    with app.app_context():
        existing = db.session.scalar(db.select(User).filter_by(username="testuser"))
        assert not existing.is_admin
        assert existing.email == "test@example.com"
