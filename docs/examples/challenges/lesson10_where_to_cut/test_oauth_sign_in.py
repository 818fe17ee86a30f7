"""Lesson 10 challenge, solved: fake the provider at the HTTP level, so the app's client code runs."""

from responses import matchers

PROFILE = {"id": 4242, "login": "octo", "email": "octo@example.com"}


def start_sign_in(client) -> dict[str, str]:
    """Click "Sign in with the provider"; return the state and code verifier the session keeps."""
    client.get("/auth/oauth/login")
    with client.session_transaction() as session:
        return dict(session["oauth"])


def test_callback_logs_the_new_account_in(app, client, oauth_provider):
    """With the right state, the callback signs the provider's user in and opens the dashboard."""
    oauth_provider.post(app.config["OAUTH_TOKEN_URL"], json={"access_token": "provider-token"})
    oauth_provider.get(
        app.config["OAUTH_PROFILE_URL"],
        json=PROFILE,
        match=[matchers.header_matcher({"Authorization": "Bearer provider-token"})],
    )
    pending = start_sign_in(client)

    response = client.get(
        "/auth/oauth/callback",
        query_string={"code": "the-code", "state": pending["state"]},
    )

    assert response.status_code in (302, 303), f"the callback answered {response.status_code}"
    assert response.headers["Location"] == "/dashboard"
    with client.session_transaction() as session:
        assert session.get("user_id") is not None, "nobody is logged in"
