"""Pins on the settings an attacker probes first: each test fails the moment its protection is removed."""

from datetime import UTC, datetime, timedelta

import jwt as pyjwt
import pytest

from sample_app import SECURITY_HEADERS
from sample_app.extensions import db
from sample_app.models import User

from .conftest import TEST_JWT_SECRET, isolated_app
from .helpers import bearer, create_user


# --8<-- [start:cookie-flags]
def test_session_cookie_is_secure_httponly_and_samesite_lax(client, user):
    """The login's cookie travels over HTTPS only, is out of reach of scripts and off cross-site POSTs."""
    response = client.post("/login", data={"username": user.username, "password": user.password})

    flags = {flag.strip().lower() for flag in response.headers["Set-Cookie"].split(";")}
    assert {"secure", "httponly", "samesite=lax"} <= flags


# --8<-- [end:cookie-flags]


# --8<-- [start:hash-default]
def test_passwords_are_hashed_with_scrypt_unless_a_test_says_otherwise(app_config, shared_connection):
    """The default hash is scrypt: a cheap method left in the defaults would make stolen hashes easy to crack."""
    config = {key: value for key, value in app_config.items() if key != "PASSWORD_HASH_METHOD"}
    with isolated_app(config, shared_connection) as app:
        account = create_user(app, username="hashed")
        with app.app_context():
            stored = db.session.get_one(User, account.id).password_hash

    assert stored.startswith("scrypt:")


# --8<-- [end:hash-default]


# --8<-- [start:security-headers]
@pytest.mark.parametrize("path", ["/", "/login", "/api/health", "/no-such-page"])
def test_every_response_forbids_framing_and_sniffing(client, path):
    """HTML pages, JSON and error pages alike: no other site can frame them to steal a click."""
    response = client.get(path)

    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert {name: response.headers[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS


# --8<-- [end:security-headers]


# --8<-- [start:forged-tokens]
def claims(user_id: int, **changes) -> dict:
    """The claims of a real access token for ``user_id``, with ``changes`` applied (None removes a claim)."""
    now = datetime.now(UTC)
    payload = {
        "sub": str(user_id),
        "type": "access",
        "fresh": False,
        "jti": "forged",
        "sv": 0,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
    }
    payload.update(changes)
    return {name: value for name, value in payload.items() if value is not None}


def test_the_forged_claims_are_accepted_when_signed_properly(client, user):
    """The check can fail: the same claims, signed with the app's key, log in."""
    token = pyjwt.encode(claims(user.id), TEST_JWT_SECRET, algorithm="HS256")

    assert client.get("/api/users/me", headers=bearer(token)).status_code == 200


def test_an_unsigned_alg_none_token_is_refused(client, user):
    """``alg: none`` means "no signature": anybody could write one, so it must never be accepted."""
    token = pyjwt.encode(claims(user.id), key=None, algorithm="none")

    response = client.get("/api/users/me", headers=bearer(token))

    assert response.status_code == 422
    assert response.get_json()["code"] == "token_invalid"


def test_a_token_without_expiry_is_refused(client, user):
    """A token without ``exp`` would work forever; PyJWT alone would accept it."""
    token = pyjwt.encode(claims(user.id, exp=None), TEST_JWT_SECRET, algorithm="HS256")

    response = client.get("/api/users/me", headers=bearer(token))

    assert (response.status_code, response.get_json()["code"]) == (401, "token_revoked")


# --8<-- [end:forged-tokens]
