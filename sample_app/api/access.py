"""Who is calling the API, and what they may do.

Two ways in: a JWT in the ``Authorization`` header (most endpoints), or the
session cookie set by ``POST /api/login`` or the HTML login form (the tutorials'
``/api/protected`` and ``/api/todo``). Refusals are JSON envelopes, never redirects.
"""

from functools import wraps

from flask_jwt_extended import current_user, jwt_required

from ..access import session_user
from ..errors import error_response

# Access tokens come only in the header. The app also allows a JSON body as a token
# location, but only the refresh endpoint has a reason to look there.
token_required = jwt_required(locations=["headers"])
token_optional = jwt_required(optional=True, locations=["headers"])


def session_login_required(view):
    """Decorator: 401 envelope unless the session belongs to an existing user, who is passed to the view."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = session_user()
        if user is None:
            return error_response(401, "Log in first.", code="login_required")
        return view(user, *args, **kwargs)

    return wrapper


# --8<-- [start:api-admin-required]
def admin_token_required(view):
    """Decorator: a valid access token of an administrator, else 401/403 envelopes.

    The API's counterpart of ``auth.admin_required``, which checks the session and answers
    with a redirect to the login page or an HTML 403 instead.
    """

    @wraps(view)
    @token_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            return error_response(403, "Only administrators may do that.")
        return view(*args, **kwargs)

    return wrapper


# --8<-- [end:api-admin-required]
