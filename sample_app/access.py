"""Loading what a request asks for: the logged-in user, and rows by id or a 404.

Shared by the HTML pages and the JSON API. Both know a logged-in browser by the
``user_id`` in its session cookie, set by the login form or by ``POST /api/login``.
"""

from flask import abort, session

from .extensions import db
from .models import User

# SQLite stores 64-bit integers; a larger id in the URL would raise OverflowError.
MAX_ID = 2**63 - 1


def get_or_404(model, ident: int, description: str):
    """``db.get_or_404`` that answers 404, not 500, for ids too large for the database."""
    if ident > MAX_ID:
        abort(404, description)
    return db.get_or_404(model, ident, description=description)


def session_user() -> User | None:
    """The user whose id the session holds, or None (also when that user was deleted)."""
    user_id = session.get("user_id")
    # The cookie is signed, so only our code or a test sets this; still, keep a value
    # of the wrong type away from the database.
    if not isinstance(user_id, int):
        return None
    return db.session.get(User, user_id)
