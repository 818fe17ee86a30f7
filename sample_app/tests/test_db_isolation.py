"""Whatever --db-strategy is chosen, no test sees another test's rows.

The two tests below run in file order: the first writes and commits, the second
must still start from an empty table. Run the file with both strategies::

    pytest sample_app/tests/test_db_isolation.py --db-strategy=fresh
    pytest sample_app/tests/test_db_isolation.py --db-strategy=rollback
"""

import pytest
from sqlalchemy.exc import IntegrityError

from sample_app.extensions import db
from sample_app.models import User

from .factories import UserFactory
from .helpers import count_rows


def test_a_committed_row_is_visible_within_the_test(app):
    """Inside one test, committed rows are there for later requests and queries."""
    with app.app_context():
        UserFactory(username="isolation-probe")
    assert count_rows(app, User) == 1


def test_the_next_test_starts_empty(app):
    """The row committed by the previous test is gone."""
    assert count_rows(app, User) == 0


def test_commits_made_by_a_request_are_isolated_too(app, client):
    """Rows a request commits through the app itself are undone as well (checked by the next test)."""
    response = client.post("/api/users", json={"username": "writer", "email": "writer@example.com",
                                               "password": "password123"})

    assert response.status_code == 201
    assert count_rows(app, User) == 1


def test_after_a_request_wrote_rows_the_table_is_empty_again(app):
    """Still empty: isolation covers the app's own sessions, not just the test's."""
    assert count_rows(app, User) == 0


def test_rollback_after_a_failed_commit_keeps_earlier_rows(app):
    """A failing statement rolls back only its own work (savepoint semantics)."""
    with app.app_context():
        UserFactory(username="keeper", email="keeper@example.com")
        db.session.add(User(username="keeper", email="dup@example.com", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert count_rows(app, User) == 1
