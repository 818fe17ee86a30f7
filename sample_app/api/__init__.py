"""The JSON API, mounted at ``/api``.

Routes live in one module per resource and are imported at the bottom, after
``bp`` exists, so each module can attach its views to it.
"""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api")

# API clients authenticate with a JWT or a JSON login and never see an HTML form
# to take a CSRF token from. The views that act on the session cookie alone
# (/api/login, /api/todo) read only Content-Type: application/json bodies, which a
# cross-site HTML form cannot send; a forged /api/logout is merely a nuisance.
csrf.exempt(bp)

from . import auth, posts, status, todos, users, weather  # noqa: E402,F401 - registers the routes
