"""Logging in to the JSON API: the session-cookie login and the JWT login/refresh pair."""

from datetime import UTC, datetime, timedelta

import flask
import jwt
import pytest
from flask_jwt_extended import jwt_required

from sample_app.extensions import db
from sample_app.models import User
from sample_app.services import auth_service

from .helpers import bearer, log_in_through_session, token_pair

# --- session login (/api/login, /api/protected, /api/logout) ---------------------------------


# --8<-- [start:client-with-client]
def test_login_answers_success_message_and_stores_user_in_session(client, user):
    """A correct JSON login answers 200 and puts the user's id in the session."""
    with client:
        response = client.post("/api/login", json={"username": "testuser", "password": "password123"})

        assert response.status_code == 200
        assert response.get_json() == {"message": "Login successful"}
        assert flask.session["user_id"] == user.id


# --8<-- [end:client-with-client]


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ({}, {"username", "password"}),
        ({"username": "testuser"}, {"password"}),
        ({"password": "password123"}, {"username"}),
    ],
    ids=["empty-object", "no-password", "no-username"],
)
def test_login_without_credentials_is_a_bad_request(client, user, body, missing):
    """Leaving out username or password answers 400 naming each missing field."""
    response = client.post("/api/login", json=body)

    assert response.status_code == 400
    data = response.get_json()
    assert "error" in data
    assert set(data["errors"]) == missing


@pytest.mark.parametrize(
    "body",
    [{"username": 42, "password": "password123"}, {"username": "testuser", "password": ["password123"]}],
    ids=["number-as-username", "list-as-password"],
)
def test_login_with_wrong_types_is_a_bad_request(client, user, body):
    """Credentials that are not strings answer 400, not a server error."""
    response = client.post("/api/login", json=body)

    assert response.status_code == 400
    assert response.get_json()["code"] == "validation_error"


def test_login_with_a_form_body_is_a_bad_request(client, user):
    """The API login only reads JSON; a form-encoded body answers 400."""
    response = client.post("/api/login", data={"username": "testuser", "password": "password123"})

    assert response.status_code == 400
    assert "application/json" in response.get_json()["message"]


@pytest.mark.parametrize(
    ("username", "password"),
    [("testuser", "wrong-password"), ("nobody", "password123")],
    ids=["wrong-password", "unknown-user"],
)
def test_login_with_bad_credentials_is_unauthorized(client, user, username, password):
    """Wrong password and unknown user get the same 401, and no session."""
    with client:
        response = client.post("/api/login", json={"username": username, "password": password})

        assert response.status_code == 401
        body = response.get_json()
        assert (body["message"], body["code"]) == ("Invalid username or password.", "invalid_credentials")
        assert "user_id" not in flask.session


def test_login_discards_whatever_the_session_held_before(client, user):
    """Logging in starts a fresh session, so data planted earlier does not survive."""
    with client.session_transaction() as session:
        session["planted"] = "by someone else"

    client.post("/api/login", json={"username": "testuser", "password": "password123"})

    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["user_id"] == user.id


def test_json_login_needs_no_csrf_token_even_with_csrf_protection_on(app, client, user, monkeypatch):
    """The API blueprint is CSRF-exempt: a JSON login works with Flask-WTF's protection enabled."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = client.post("/api/login", json={"username": "testuser", "password": "password123"})

    assert response.status_code == 200


def test_protected_requires_login(client):
    """Without a session login, /api/protected answers 401 in the JSON envelope."""
    response = client.get("/api/protected")

    assert response.status_code == 401
    assert response.get_json()["code"] == "login_required"


def test_protected_greets_the_user_after_json_login(client, user):
    """After POST /api/login, /api/protected greets the user by name."""
    client.post("/api/login", json={"username": "testuser", "password": "password123"})

    response = client.get("/api/protected")

    assert response.status_code == 200
    assert response.get_json() == {"message": "Hello, testuser!"}


def test_protected_accepts_a_session_set_directly(client, user):
    """Setting session["user_id"] in the test skips the login request entirely."""
    with client.session_transaction() as session:
        session["user_id"] = user.id

    response = client.get("/api/protected")

    assert response.get_json() == {"message": "Hello, testuser!"}


def test_session_of_a_deleted_user_counts_as_logged_out(app, client, user):
    """A session that points at a user who no longer exists answers 401."""
    log_in_through_session(client, user.id)
    with app.app_context():
        db.session.delete(db.session.get(User, user.id))
        db.session.commit()

    assert client.get("/api/protected").status_code == 401


# --8<-- [start:integration-api-logout-journey]
def test_logout_clears_the_session(client, user):
    """POST /api/logout answers 200, drops the session cookie, and later requests are anonymous."""
    client.post("/api/login", json={"username": "testuser", "password": "password123"})

    assert client.get_cookie("session") is not None

    response = client.post("/api/logout")

    assert response.status_code == 200
    assert response.get_json() == {"message": "Logged out"}
    assert client.get_cookie("session") is None
    assert client.get("/api/protected").status_code == 401


# --8<-- [end:integration-api-logout-journey]


def test_logout_when_not_logged_in_still_succeeds(client):
    """Logging out twice, or without logging in, is harmless."""
    response = client.post("/api/logout")

    assert response.status_code == 200
    assert response.get_json() == {"message": "Logged out"}


# --- JWT login and refresh (/api/auth/...) -----------------------------------------------------


# --8<-- [start:token-login]
def test_token_login_returns_an_access_and_a_refresh_token(app, client, user):
    """A correct JWT login answers both tokens, their type and the access token's lifetime."""
    response = client.post("/api/auth/login", json={"username": "testuser", "password": "password123"})

    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert data["token_type"] == "Bearer"
    assert data["expires_in"] == app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()


def test_access_token_from_login_opens_protected_endpoints(client, auth_headers):
    """The access token, sent as 'Authorization: Bearer ...', identifies the user."""
    response = client.get("/api/users/me", headers=auth_headers)

    assert response.status_code == 200
    assert response.get_json()["username"] == "testuser"


# --8<-- [end:token-login]


def test_token_login_with_bad_credentials_returns_no_tokens(client, user):
    """A wrong password answers 401 and the body holds no token at all."""
    response = client.post("/api/auth/login", json={"username": "testuser", "password": "nope"})

    assert response.status_code == 401
    assert "access_token" not in response.get_json()
    assert "refresh_token" not in response.get_json()


def test_token_login_without_password_is_a_bad_request(client, user):
    """A missing field answers 400 with the field named in ``errors``."""
    response = client.post("/api/auth/login", json={"username": "testuser"})

    assert response.status_code == 400
    assert response.get_json()["errors"] == {"password": ["This field is required."]}


# --8<-- [start:refresh-token]
def test_refresh_token_in_the_header_gives_a_new_access_token(client, user):
    """POST /api/auth/refresh with 'Bearer <refresh token>' answers a working access token."""
    refresh_token = token_pair(client, user)["refresh_token"]

    response = client.post("/api/auth/refresh", headers=bearer(refresh_token))

    assert response.status_code == 200
    new_token = response.get_json()["access_token"]
    assert client.get("/api/users/me", headers=bearer(new_token)).status_code == 200


# --8<-- [end:refresh-token]


def test_refresh_token_in_the_json_body_gives_a_new_access_token(client, user):
    """The refresh token may also come in the body as {"refresh_token": ...}."""
    refresh_token = token_pair(client, user)["refresh_token"]

    response = client.post("/api/auth/refresh", json={"refresh_token": refresh_token})

    assert response.status_code == 200
    assert response.get_json()["token_type"] == "Bearer"


# --8<-- [start:refresh-misuse]
def test_access_token_cannot_be_used_to_refresh(client, access_token):
    """Using an access token where a refresh token belongs answers 422."""
    response = client.post("/api/auth/refresh", headers=bearer(access_token))

    assert response.status_code == 422
    assert response.get_json()["code"] == "token_invalid"


def test_refresh_token_cannot_be_used_as_access_token(client, user):
    """Using a refresh token on a normal endpoint answers 422."""
    refresh_token = token_pair(client, user)["refresh_token"]

    response = client.get("/api/users/me", headers=bearer(refresh_token))

    assert response.status_code == 422


# --8<-- [end:refresh-misuse]


def test_refresh_without_a_token_is_unauthorized(client):
    """No refresh token anywhere answers 401 with a message saying what is missing."""
    response = client.post("/api/auth/refresh")

    assert response.status_code == 401
    assert "Missing" in response.get_json()["message"]


@pytest.mark.parametrize("body", [["a", "list"], "a string", 42], ids=["list", "string", "number"])
def test_refresh_with_a_json_body_that_is_not_an_object_is_a_bad_request(client, body):
    """A JSON body that is not an object answers 400 instead of crashing the token lookup."""
    response = client.post("/api/auth/refresh", json=body)

    assert response.status_code == 400
    assert response.get_json()["code"] == "bad_request"


def test_refresh_token_of_the_wrong_type_in_the_body_is_rejected(client):
    """A refresh_token that is not a string is an invalid token (422), not a crash."""
    response = client.post("/api/auth/refresh", json={"refresh_token": 12345})

    assert response.status_code == 422


# --- what happens with bad tokens ---------------------------------------------------------------


# --8<-- [start:expired-token]
def test_expired_token_is_unauthorized(app, client, user):
    """A token past its expiry answers 401 with code token_expired."""
    with app.app_context():
        expired = auth_service.generate_token(user.id, expires_in=-1)

    response = client.get("/api/users/me", headers=bearer(expired))

    assert response.status_code == 401
    assert response.get_json()["code"] == "token_expired"


def test_missing_token_is_unauthorized_with_a_message(client):
    """No Authorization header answers 401 and a message naming the header."""
    response = client.get("/api/users/me")

    assert response.status_code == 401
    assert "Authorization" in response.get_json()["message"]


# --8<-- [end:expired-token]


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-jwt", "Bearer aaa.bbb.ccc"],
    ids=["not-a-jwt", "three-garbage-parts"],
)
def test_garbage_token_is_unprocessable(client, header):
    """A Bearer value that is not a valid JWT answers 422."""
    response = client.get("/api/users/me", headers={"Authorization": header})

    assert response.status_code == 422
    assert response.get_json()["code"] == "token_invalid"


def test_authorization_header_without_bearer_is_unauthorized(client, access_token):
    """A header in the wrong scheme ('Token ...') counts as no token: 401."""
    response = client.get("/api/users/me", headers={"Authorization": f"Token {access_token}"})

    assert response.status_code == 401


def test_token_signed_with_another_key_is_rejected(client, user):
    """A token forged with a different secret fails the signature check: 422."""
    claims = {"sub": str(user.id), "type": "access", "jti": "forged", "fresh": False}
    forged = jwt.encode(claims, "a-different-secret-that-is-also-32-bytes-long", algorithm="HS256")

    response = client.get("/api/users/me", headers=bearer(forged))

    assert response.status_code == 422


def test_token_of_a_deleted_user_is_unauthorized(app, client, user, auth_headers):
    """A valid token whose user has been deleted answers 401."""
    with app.app_context():
        db.session.delete(db.session.get(User, user.id))
        db.session.commit()

    response = client.get("/api/users/me", headers=auth_headers)

    assert response.status_code == 401
    assert response.get_json()["code"] == "token_user_unknown"


def test_token_whose_subject_is_not_a_user_id_is_unauthorized(app, client, user):
    """A correctly signed token with a non-numeric subject matches no user: 401."""
    claims = {
        "sub": "not-a-number",
        "type": "access",
        "jti": "odd-subject",
        "fresh": False,
        "exp": datetime.now(UTC) + timedelta(minutes=5),
    }
    token = jwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS256")

    response = client.get("/api/users/me", headers=bearer(token))

    assert response.status_code == 401
    assert response.get_json()["code"] == "token_user_unknown"


@pytest.fixture
def fresh_only_endpoint(app):
    """A sensitive endpoint, registered for the test, that accepts fresh tokens only."""

    @app.post("/api/change-password")
    @jwt_required(fresh=True)
    def change_password():
        return {"message": "changed"}

    return "/api/change-password"


def test_token_from_password_login_is_fresh(client, fresh_only_endpoint, auth_headers):
    """The access token from /api/auth/login proves the password: fresh-only endpoints accept it."""
    assert client.post(fresh_only_endpoint, headers=auth_headers).status_code == 200


def test_refreshed_token_is_not_fresh(client, user, fresh_only_endpoint):
    """An access token from /api/auth/refresh is refused by a fresh-only endpoint with 401."""
    refresh_token = token_pair(client, user)["refresh_token"]
    refreshed = client.post("/api/auth/refresh", headers=bearer(refresh_token)).get_json()["access_token"]

    response = client.post(fresh_only_endpoint, headers=bearer(refreshed))

    assert response.status_code == 401
    assert response.get_json()["code"] == "token_not_fresh"
