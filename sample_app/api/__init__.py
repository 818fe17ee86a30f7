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
# cross-site HTML form cannot send; a forged /api/logout is merely a nuisance. The
# upload endpoints read multipart forms, which such a form can send: they ask a
# session caller for the token themselves (uploads.api_caller).
csrf.exempt(bp)

from . import auth, posts, status, todos, uploads, users, weather  # noqa: E402,F401 - registers the routes
