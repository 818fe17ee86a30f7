"""Lesson 10 challenge: the sign-in test you are given. It fakes the app's own functions."""

from sample_app.services import oauth_provider


def start_sign_in(client) -> dict[str, str]:
    """Click "Sign in with the provider"; return the state and code verifier the session keeps."""
    client.get("/auth/oauth/login")
    with client.session_transaction() as session:
        return dict(session["oauth"])


def test_callback_logs_the_new_account_in(client, monkeypatch):
    """With the right state, the callback signs the provider's user in and opens the dashboard."""
    monkeypatch.setattr(oauth_provider, "exchange_code", lambda code, **options: "provider-token")
    monkeypatch.setattr(
        oauth_provider,
        "fetch_profile",
        lambda token: oauth_provider.Profile("4242", "octo", "octo@example.com"),
    )
    pending = start_sign_in(client)

    response = client.get(
        "/auth/oauth/callback",
        query_string={"code": "the-code", "state": pending["state"]},
    )

    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/dashboard"
