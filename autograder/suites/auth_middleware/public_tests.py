"""Public self-check tests for the `auth_middleware` exercise.

`check()` in the notebook runs these against your app. They cover the main path only: passing them
does not mean the hidden tests pass too, so keep writing your own tests for the error cases.
"""

PASSWORDS = {"alice": "quill-and-ink-1", "ada": "fountain-pen-3"}


def expect_status(response, status, action):
    __tracebackhide__ = True
    assert response.status_code == status, (
        f"{action} should answer {status}, got {response.status_code}: {response.shown_body}"
    )


def token_for(client, username):
    __tracebackhide__ = True
    response = client.post("/tokens", json={"username": username, "password": PASSWORDS[username]})
    expect_status(response, 200, f"logging in as {username}")
    body = response.get_json()
    token = body.get("access_token") if isinstance(body, dict) else None
    assert isinstance(token, str) and token, f"POST /tokens should answer an access_token, got {response.shown_body}"
    return token


def test_health_answers_ok(client):
    """GET /health answers 200 {"status": "ok"} without a token."""
    response = client.get("/health")
    expect_status(response, 200, "GET /health")
    assert response.get_json() == {"status": "ok"}, (
        f"GET /health should answer {{'status': 'ok'}}, got {response.shown_body}"
    )


def test_token_opens_the_me_route(client):
    """A token from POST /tokens, sent as 'Authorization: Bearer <token>', opens GET /me."""
    response = client.get("/me", headers={"Authorization": f"Bearer {token_for(client, 'alice')}"})
    expect_status(response, 200, "GET /me with alice's token")
    body = response.get_json()
    assert isinstance(body, dict) and body.get("username") == "alice", (
        f"GET /me should name alice, got {response.shown_body}"
    )


def test_missing_token_answers_401_with_a_challenge(client):
    """GET /me without a token answers 401 with a 'WWW-Authenticate: Bearer ...' header."""
    response = client.get("/me")
    expect_status(response, 401, "GET /me without a token")
    header = response.headers.get("WWW-Authenticate") or ""
    assert header.startswith("Bearer"), f"a 401 should carry 'WWW-Authenticate: Bearer ...', got {header!r}"


def test_admin_route_refuses_a_plain_user(client):
    """GET /admin/users with alice's valid token answers 403: she is not an admin."""
    response = client.get("/admin/users", headers={"Authorization": f"Bearer {token_for(client, 'alice')}"})
    expect_status(response, 403, "GET /admin/users as alice")


def test_admin_route_opens_for_an_admin(client):
    """GET /admin/users with ada's token answers 200: she is an admin."""
    response = client.get("/admin/users", headers={"Authorization": f"Bearer {token_for(client, 'ada')}"})
    expect_status(response, 200, "GET /admin/users as ada")
