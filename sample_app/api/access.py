"""Who is calling the API, and what they may do.

Two ways in: a JWT in the ``Authorization`` header (most endpoints), or the
session cookie set by ``POST /api/login`` or the HTML login form (the tutorials'
``/api/protected`` and ``/api/todo``).
"""

from functools import wraps

from flask import abort, session
from flask_jwt_extended import current_user, jwt_required

from ..errors import error_response
from ..extensions import db
from ..models import User

# Access tokens come only in the header. The app also allows a JSON body as a token
# location, but only the refresh endpoint has a reason to look there.
token_required = jwt_required(locations=["headers"])
token_optional = jwt_required(optional=True, locations=["headers"])

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


def session_login_required(view):
    """Decorator: 401 envelope unless the session belongs to an existing user."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = session_user()
        if user is None:
            return error_response(401, "Log in first.", code="login_required")
        return view(user, *args, **kwargs)

    return wrapper


def admin_required(view):
    """Decorator: a valid access token of an administrator, else 401/403 envelopes."""

    @wraps(view)
    @token_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            return error_response(403, "Only administrators may do that.")
        return view(*args, **kwargs)

    return wrapper
