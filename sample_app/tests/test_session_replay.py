"""Replaying what an attacker copied: a session cookie or a token taken before logout or a password change."""

import pytest

from .helpers import bearer, token_pair

NEW_PASSWORD = "another-pass-42"


def copied_session(client) -> str:
    """The value of the client's session cookie, as someone reading over the user's shoulder would copy it."""
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A new browser that sends the copied cookie to a page only a logged-in user sees."""
    attacker = app.test_client()
    attacker.set_cookie("session", cookie)
    return attacker.get("/dashboard")


def change_password(client, user):
    """Change ``user``'s password through the settings form; asserts the change was saved."""
    response = client.post(
        "/settings",
        data={
            "email": user.email,
            "bio": "",
            "current_password": user.password,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.headers["Location"] == "/profile"


# --8<-- [start:replay-session]
def test_a_copied_cookie_works_until_logout(app, auth_client):
    """The check can fail: before the logout, the copy is as good as the original."""
    assert replay(app, copied_session(auth_client)).status_code == 200


@pytest.mark.parametrize("logout", ["/logout", "/api/logout"])
def test_a_cookie_copied_before_logout_is_refused_after_it(app, auth_client, logout):
    """Logging out ends the session on the server, so a copy of the cookie logs nobody in."""
    cookie = copied_session(auth_client)

    auth_client.post(logout)

    assert replay(app, cookie).headers["Location"].startswith("/login")


def test_a_cookie_copied_before_a_password_change_is_refused_after_it(app, auth_client, user):
    """A new password ends the other sessions; the one that changed it stays logged in."""
    cookie = copied_session(auth_client)

    change_password(auth_client, user)

    assert replay(app, cookie).headers["Location"].startswith("/login")
    assert auth_client.get("/dashboard").status_code == 200


# --8<-- [end:replay-session]


# --8<-- [start:replay-tokens]
@pytest.mark.parametrize("ending", ["logout", "password change"])
def test_tokens_issued_before_the_session_ends_are_revoked(client, auth_client, user, ending):
    """Access and refresh tokens from before a logout or a password change get a 401 "token_revoked"."""
    tokens = token_pair(client, user)
    if ending == "logout":
        auth_client.post("/logout")
    else:
        change_password(auth_client, user)

    me = client.get("/api/users/me", headers=bearer(tokens["access_token"]))
    refreshed = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))

    assert (me.status_code, me.get_json()["code"]) == (401, "token_revoked")
    assert (refreshed.status_code, refreshed.get_json()["code"]) == (401, "token_revoked")


def test_a_new_login_after_logout_gets_working_tokens(client, auth_client, user):
    """Revoking is about the old tokens only: logging in again works at once."""
    auth_client.post("/logout")

    tokens = token_pair(client, user)

    assert client.get("/api/users/me", headers=bearer(tokens["access_token"])).status_code == 200


# --8<-- [end:replay-tokens]
