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
