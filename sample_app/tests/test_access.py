"""access.py on its own: who the session belongs to, and loading rows by id or a 404.

Both run inside ``app.test_request_context()``, which gives them a request and a
session without going through a view.
"""

import pytest
from werkzeug.exceptions import NotFound

from sample_app.access import MAX_ID, get_or_404, session_user
from sample_app.extensions import db
from sample_app.models import User


def test_session_user_is_the_user_whose_id_the_session_holds(app, user):
    """An integer user_id of an existing user gives that user."""
    with app.test_request_context() as context:
        context.session["user_id"] = user.id

        found = session_user()
        assert found is not None and found.username == user.username


@pytest.mark.parametrize(
    "user_id", [None, "1", "1 OR 1=1", 1.0, [1]], ids=["absent", "digit-string", "sql", "float", "list"]
)
def test_session_user_ignores_a_user_id_that_is_not_an_integer(app, user, user_id):
    """Only an integer identifies a user; any other value never reaches the database."""
    with app.test_request_context() as context:
        if user_id is not None:
            context.session["user_id"] = user_id

        assert session_user() is None


def test_session_user_of_a_deleted_account_is_nobody(app, user):
    """A session that outlived its account belongs to nobody."""
    with app.test_request_context() as context:
        context.session["user_id"] = user.id
        db.session.delete(db.session.get(User, user.id))
        db.session.commit()

        assert session_user() is None


def test_get_or_404_returns_the_row(app, user):
    """An existing id gives its row."""
    with app.test_request_context():
        assert get_or_404(User, user.id, "User not found.").email == user.email


def test_get_or_404_looks_up_the_largest_id_the_database_stores(app):
    """MAX_ID itself is a real id: only larger ones are answered 404 without asking the database."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("PostgreSQL's integer ids stop at 2**31 - 1; MAX_ID is SQLite's 64-bit limit")
    with app.app_context():
        db.session.add(User(id=MAX_ID, username="last", email="last@example.com", password_hash="x"))
        db.session.commit()

    with app.test_request_context():
        assert get_or_404(User, MAX_ID, "User not found.").username == "last"


@pytest.mark.parametrize("ident", [999, 2**63, 10**30], ids=["unknown", "just-past-64-bit", "huge"])
def test_get_or_404_raises_not_found_with_the_description(app, ident):
    """A missing id, even one too large for the database, is a 404 with the given message."""
    with app.test_request_context(), pytest.raises(NotFound) as not_found:
        get_or_404(User, ident, "User not found.")

    assert not_found.value.description == "User not found."
