"""flask-jwt-extended callbacks: who a token belongs to, and JWT errors in the API envelope."""

from flask import Flask

from .errors import error_response
from .extensions import db, jwt
from .models import User


@jwt.user_lookup_loader
def load_user(_jwt_header, jwt_data) -> User | None:
    """Turn the token's subject (a string id) into a User, or None if it is gone."""
    try:
        user_id = int(jwt_data["sub"])
    except (TypeError, ValueError):
        return None
    return db.session.get(User, user_id)


# --8<-- [start:token-session-version]
SESSION_VERSION_CLAIM = "sv"


@jwt.additional_claims_loader
def session_version_claim(identity: str) -> dict:
    """Stamp each new token with its user's session version, as the session cookie is."""
    user = load_user(None, {"sub": identity})
    return {SESSION_VERSION_CLAIM: user.session_version if user else 0}


@jwt.token_in_blocklist_loader
def token_is_revoked(_jwt_header, jwt_data) -> bool:
    """A token from before its user's last logout or password change is refused, and one that never expires.

    flask-jwt-extended's blocklist hook, without a list to keep: the user's version says
    which tokens still count. A token for a deleted user is left to the user lookup (401).
    PyJWT checks ``exp`` only when it is there, and every token this app issues has one.
    """
    if "exp" not in jwt_data:
        return True
    user = load_user(None, jwt_data)
    return user is not None and jwt_data.get(SESSION_VERSION_CLAIM, 0) != user.session_version


@jwt.revoked_token_loader
def revoked_token(_jwt_header, _jwt_data):
    return error_response(401, "The token was revoked by a logout or a password change.", code="token_revoked")


# --8<-- [end:token-session-version]


@jwt.unauthorized_loader
def missing_token(reason: str):
    return error_response(401, f"Authentication required: {reason}.", code="token_missing")


@jwt.expired_token_loader
def expired_token(_jwt_header, _jwt_data):
    return error_response(401, "Token has expired.", code="token_expired")


@jwt.invalid_token_loader
def invalid_token(reason: str):
    return error_response(422, f"Invalid token: {reason}.", code="token_invalid")


@jwt.user_lookup_error_loader
def unknown_user(_jwt_header, _jwt_data):
    return error_response(401, "The token's user no longer exists.", code="token_user_unknown")


@jwt.needs_fresh_token_loader
def stale_token(_jwt_header, _jwt_data):
    return error_response(401, "A fresh login is required.", code="token_not_fresh")


def register(app: Flask) -> None:
    """Nothing per app: the callbacks above live on the shared JWTManager."""
