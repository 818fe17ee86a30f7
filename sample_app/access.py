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


# --8<-- [start:session-version]
# A session cookie carries its user's session_version from the moment of login. Logging out
# or changing the password moves the user's version on, so every cookie copied before then
# stops counting: the server decides, not the browser that was asked to forget the cookie.
# A cookie without the key was issued before the user's first bump: version 0.
SESSION_VERSION = "session_version"


def log_in(user: User) -> None:
    """Start a new session for ``user``; nothing from before the login carries over."""
    session.clear()
    session["user_id"] = user.id
    session[SESSION_VERSION] = user.session_version


def log_out() -> None:
    """End this session, and every other session and token of its user."""
    user = session_user()
    if user is not None:
        user.end_sessions()
        db.session.commit()
    session.clear()


def session_user() -> User | None:
    """The user whose id the session holds, or None: also for a deleted user or an ended session."""
    user_id = session.get("user_id")
    # The cookie is signed, so only our code or a test sets this; still, keep a value
    # of the wrong type away from the database.
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or session.get(SESSION_VERSION, 0) != user.session_version:
        return None
    return user


# --8<-- [end:session-version]
