"""Whatever --db-strategy is chosen, no test sees another test's rows.

Each proof builds two apps in turn inside one test, exactly as the ``app`` fixture
builds one per test: the first writes and commits, the second must start from an
empty table. Inside one test the order is fixed, so the proof holds under
pytest-xdist too, where two tests of this file may run in different worker processes
and in any order. Run the file with both strategies::

    pytest sample_app/tests/test_db_isolation.py --db-strategy=fresh
    pytest sample_app/tests/test_db_isolation.py --db-strategy=rollback
"""

from functools import partial

import pytest
from sqlalchemy.exc import IntegrityError

from sample_app.extensions import db
from sample_app.models import User

from .conftest import isolated_app
from .factories import UserFactory
from .helpers import count_rows


@pytest.fixture
def next_app(app_config, shared_connection):
    """``with next_app() as app:`` builds one more app the way the ``app`` fixture builds each test's."""
    return partial(isolated_app, app_config, shared_connection)


def test_rows_committed_in_one_app_are_gone_in_the_next(next_app):
    """Committed rows are there for the rest of their app's life, and gone for the next app."""
    with next_app() as first:
        with first.app_context():
            UserFactory(username="isolation-probe")
        assert count_rows(first, User) == 1

    with next_app() as second:
        assert count_rows(second, User) == 0


def test_commits_made_by_a_request_are_gone_in_the_next_app(next_app):
    """Isolation covers the app's own sessions too: a row a request committed does not outlive its app."""
    with next_app() as first:
        response = first.test_client().post(
            "/api/users", json={"username": "writer", "email": "writer@example.com", "password": "password123"}
        )
        assert response.status_code == 201
        assert count_rows(first, User) == 1

    with next_app() as second:
        assert count_rows(second, User) == 0


def test_rollback_after_a_failed_commit_keeps_earlier_rows(app):
    """A failing statement rolls back only its own work (savepoint semantics)."""
    with app.app_context():
        UserFactory(username="keeper", email="keeper@example.com")
        db.session.add(User(username="keeper", email="dup@example.com", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert count_rows(app, User) == 1
