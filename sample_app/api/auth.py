"""Logging in to the API: with the session cookie, or for a pair of JWTs."""

from flask import current_app, jsonify
from flask_jwt_extended import current_user, jwt_required

from .. import accounts
from ..access import log_in, log_out
from ..errors import error_response
from ..models import User
from ..rate_limits import login_rate_limit
from ..services import auth_service
from . import bp
from .access import session_login_required
from .validation import Field, json_object_if_sent, parse_json, secret, text

CREDENTIALS = {"username": Field(text(80)), "password": Field(secret)}


def user_from_credentials() -> User | None:
    """The user matching the JSON body's username and password, or None."""
    credentials = parse_json(CREDENTIALS)
    return accounts.authenticate(credentials["username"], credentials["password"])


def invalid_credentials():
    # One message for both cases, so the answer does not reveal which usernames exist.
    return error_response(401, "Invalid username or password.", code="invalid_credentials")


@bp.post("/login")
@login_rate_limit()
def session_login():
    user = user_from_credentials()
    if user is None:
        return invalid_credentials()
    log_in(user)
    return jsonify(message="Login successful")


@bp.post("/logout")
def session_logout():
    log_out()
    return jsonify(message="Logged out")


@bp.get("/protected")
@session_login_required
def protected(user: User):
    return jsonify(message=f"Hello, {user.username}!")


def access_token_body(user_id: int, *, fresh: bool) -> dict:
    lifetime = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    return {
        "access_token": auth_service.generate_token(user_id, fresh=fresh),
        "token_type": "Bearer",
        "expires_in": int(lifetime.total_seconds()),
    }


@bp.post("/auth/login")
@login_rate_limit()
def token_login():
    user = user_from_credentials()
    if user is None:
        return invalid_credentials()
    # Fresh: the password was just checked. Refreshed tokens are not, so endpoints
    # that need proof of the password (jwt_required(fresh=True)) can tell them apart.
    tokens = access_token_body(user.id, fresh=True)
    return jsonify(tokens | {"refresh_token": auth_service.generate_refresh_token(user.id)})


@bp.post("/auth/refresh")
@json_object_if_sent
@jwt_required(refresh=True)
def refresh_access_token():
    return jsonify(access_token_body(current_user.id, fresh=False))
