"""Signing in through the OAuth provider, with the provider's HTTP faked by ``responses``."""

import base64
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from responses import matchers

from sample_app.extensions import db
from sample_app.models import User
from sample_app.services.oauth_provider import code_challenge

from .helpers import count_rows, html

PROFILE = {"id": 4242, "login": "octo", "email": "octo@example.com"}
CALLBACK_URL = "http://localhost/auth/oauth/callback"


def start_sign_in(client) -> dict[str, str]:
    """Click "Sign in with the provider"; return the state and code verifier the session keeps."""
    client.get("/auth/oauth/login")
    with client.session_transaction() as session:
        return dict(session["oauth"])


def session_user_id(client) -> int | None:
    with client.session_transaction() as session:
        return session.get("user_id")


# --8<-- [start:provider-replies]
def token_reply(app, pending: dict[str, str], code: str = "the-code", **reply):
    """The provider's token endpoint, answering only the exchange the app must send."""
    client_auth = f"{app.config['OAUTH_CLIENT_ID']}:{app.config['OAUTH_CLIENT_SECRET']}"
    expected_form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK_URL,
        "code_verifier": pending["code_verifier"],
    }
    return dict(
        method="POST",
        url=app.config["OAUTH_TOKEN_URL"],
        match=[
            matchers.urlencoded_params_matcher(expected_form),
            matchers.header_matcher({"Authorization": "Basic " + base64.b64encode(client_auth.encode()).decode()}),
        ],
        **(reply or {"json": {"access_token": "provider-token", "token_type": "Bearer"}}),
    )


def profile_reply(app, **reply):
    """The provider's profile endpoint, answering only a request carrying the token."""
    return dict(
        method="GET",
        url=app.config["OAUTH_PROFILE_URL"],
        match=[matchers.header_matcher({"Authorization": "Bearer provider-token"})],
        **(reply or {"json": PROFILE}),
    )


def sign_in_as(app, client, oauth_provider, profile: dict):
    """A whole sign-in: start it, let the fake provider answer with ``profile``, open the callback."""
    pending = start_sign_in(client)
    oauth_provider.add(**token_reply(app, pending))
    oauth_provider.add(**profile_reply(app, json=profile))
    return client.get("/auth/oauth/callback", query_string={"code": "the-code", "state": pending["state"]})


# --8<-- [end:provider-replies]


# --- starting ------------------------------------------------------------------------------------


def test_login_sends_the_browser_to_the_provider_with_state_and_a_pkce_challenge(app, client):
    """The redirect carries the client id, the callback URL, a fresh state and the S256 challenge."""
    response = client.get("/auth/oauth/login")
    with client.session_transaction() as session:
        pending = session["oauth"]

    location = urlsplit(response.headers["Location"])
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert response.status_code in (302, 303)
    assert f"{location.scheme}://{location.netloc}{location.path}" == app.config["OAUTH_AUTHORIZE_URL"]
    assert query == {
        "response_type": "code",
        "client_id": app.config["OAUTH_CLIENT_ID"],
        "redirect_uri": CALLBACK_URL,
        "scope": "profile email",
        "state": pending["state"],
        "code_challenge": code_challenge(pending["code_verifier"]),
        "code_challenge_method": "S256",
    }


def test_every_sign_in_gets_a_new_state(client):
    """Two sign-ins never share a state or a verifier."""
    assert start_sign_in(client) != start_sign_in(client)


def test_the_login_page_links_to_the_provider(client):
    """The login form offers the provider as the other way in."""
    assert html(client.get("/login")).find("a", href="/auth/oauth/login")


# --- the happy path ------------------------------------------------------------------------------


# --8<-- [start:happy-path]
def test_callback_creates_the_account_and_logs_it_in(app, client, oauth_provider):
    """Right state: the code is exchanged, the profile fetched, a new account stored and logged in."""
    pending = start_sign_in(client)
    oauth_provider.add(**token_reply(app, pending))
    oauth_provider.add(**profile_reply(app))

    response = client.get("/auth/oauth/callback", query_string={"code": "the-code", "state": pending["state"]})

    assert response.headers["Location"] == "/dashboard"
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(provider_subject="4242"))
        assert (user.username, user.email) == ("octo", "octo@example.com")
        assert session_user_id(client) == user.id
    assert "octo" in client.get("/dashboard").text
    assert [call.request.url for call in oauth_provider.calls] == [
        app.config["OAUTH_TOKEN_URL"],
        app.config["OAUTH_PROFILE_URL"],
    ]


# --8<-- [end:happy-path]


def test_a_returning_provider_user_gets_the_same_account(app, client, oauth_provider, user):
    """The provider's id finds the account again, even after a rename there."""
    with app.app_context():
        db.session.get_one(User, user.id).provider_subject = "4242"
        db.session.commit()

    sign_in_as(app, client, oauth_provider, PROFILE | {"login": "renamed", "email": "new@example.com"})

    assert session_user_id(client) == user.id
    assert count_rows(app, User) == 1


def test_the_provider_cannot_take_over_a_password_account(app, client, oauth_provider, user):
    """A provider profile with a local account's email creates nothing and logs nobody in."""
    response = sign_in_as(app, client, oauth_provider, PROFILE | {"email": user.email})

    assert response.headers["Location"] == "/login"
    assert session_user_id(client) is None
    assert count_rows(app, User) == 1
    assert "logs in with a password" in client.get("/login").text


def test_a_provider_username_that_breaks_the_rules_is_not_used(app, client, oauth_provider):
    """The sign-up form's username rules hold for provider accounts too."""
    sign_in_as(app, client, oauth_provider, PROFILE | {"login": "admin"})

    assert (session_user_id(client), count_rows(app, User)) == (None, 0)


# --- refusals before any HTTP --------------------------------------------------------------------


# --8<-- [start:state-mismatch]
@pytest.mark.parametrize(
    ("sign_in_started", "state"),
    [(True, "forged-state"), (True, None), (False, "any-state")],
    ids=["wrong-state", "no-state", "no-sign-in-started"],
)
def test_callback_without_the_sessions_state_is_refused_before_calling_the_provider(
    app, client, oauth_provider, sign_in_started, state
):
    """A state that does not match the session's answers 400; the provider is never asked."""
    if sign_in_started:
        start_sign_in(client)
    query = {"code": "stolen-code"} | ({"state": state} if state else {})

    response = client.get("/auth/oauth/callback", query_string=query)

    assert response.status_code == 400
    assert "could not be verified" in response.text
    assert len(oauth_provider.calls) == 0
    assert session_user_id(client) is None


# --8<-- [end:state-mismatch]


def test_a_callback_url_works_only_once(app, client, oauth_provider):
    """The state is used up: the same callback URL sent again answers 400."""
    first = sign_in_as(app, client, oauth_provider, PROFILE)
    client.post("/logout")

    replayed = client.get("/auth/oauth/callback", query_string=first.request.args)

    assert first.headers["Location"] == "/dashboard"
    assert set(first.request.args) == {"code", "state"}
    assert replayed.status_code == 400


def test_a_sign_in_cancelled_at_the_provider_goes_back_to_the_login_page(client, oauth_provider):
    """error=access_denied with the right state: back to /login, no HTTP call, nobody logged in."""
    pending = start_sign_in(client)

    response = client.get("/auth/oauth/callback", query_string={"error": "access_denied", "state": pending["state"]})

    assert response.headers["Location"] == "/login"
    assert len(oauth_provider.calls) == 0
    assert "was cancelled" in client.get("/login").text


def test_a_callback_without_a_code_is_refused(client, oauth_provider):
    """The right state but no code answers 400 without asking the provider."""
    pending = start_sign_in(client)

    response = client.get("/auth/oauth/callback", query_string={"state": pending["state"]})

    assert response.status_code == 400
    assert len(oauth_provider.calls) == 0


# --- the provider failing ------------------------------------------------------------------------


# --8<-- [start:provider-errors]
@pytest.mark.parametrize(
    ("token", "profile"),
    [
        ({"status": 500}, None),
        ({"status": 400, "json": {"error": "invalid_grant"}}, None),
        ({"body": requests.exceptions.ConnectTimeout("timed out")}, None),
        ({"json": {"token_type": "Bearer"}}, None),
        ({}, {"status": 401, "json": {"message": "Bad credentials"}}),
        ({}, {"body": "<html>maintenance</html>"}),
        ({}, {"json": ["not", "an", "object"]}),
        ({}, {"json": {"id": 4242, "login": "octo"}}),
        ({}, {"json": PROFILE | {"id": True}}),
    ],
    ids=[
        "token-500",
        "code-refused",
        "token-timeout",
        "no-access-token",
        "profile-401",
        "profile-not-json",
        "profile-not-an-object",
        "profile-without-email",
        "profile-id-not-an-id",
    ],
)
def test_a_failing_provider_answers_502_and_logs_nobody_in(app, client, oauth_provider, caplog, token, profile):
    """Every way the provider can fail is one answer: 502, a warning in the log, no account, no session."""
    pending = start_sign_in(client)
    oauth_provider.add(**token_reply(app, pending, **token))
    if profile is not None:
        oauth_provider.add(**profile_reply(app, **profile))

    with caplog.at_level(logging.WARNING, logger="sample_app"):
        response = client.get("/auth/oauth/callback", query_string={"code": "the-code", "state": pending["state"]})

    assert response.status_code == 502
    assert "did not answer properly" in response.text
    assert [record.getMessage().split(":")[0] for record in caplog.records] == ["OAuth sign-in failed"]
    assert (session_user_id(client), count_rows(app, User)) == (None, 0)


# --8<-- [end:provider-errors]
