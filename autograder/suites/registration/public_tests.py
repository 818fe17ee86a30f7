"""Public self-check tests for the `registration` exercise.

`check()` in the notebook runs these against your app. They cover the main path only: passing them
does not mean the hidden tests pass too, so keep writing your own tests for the error cases.
"""

import re

PASSWORD = "sunflower42"
LINK_TOKEN = re.compile(r"/confirm/([^\s\"'<>]+)")


def register(client, email="alice@example.com", password=PASSWORD, password_confirm=None):
    confirmation = password if password_confirm is None else password_confirm
    return client.post(
        "/register",
        json={"email": email, "password": password, "password_confirm": confirmation},
    )


def expect_status(response, status, action):
    __tracebackhide__ = True
    assert response.status_code == status, (
        f"{action} should answer {status}, got {response.status_code}: {response.shown_body}"
    )


def expect_error(response, status, code, action):
    __tracebackhide__ = True
    expect_status(response, status, action)
    body = response.get_json()
    error = body.get("error") if isinstance(body, dict) else None
    got = error.get("code") if isinstance(error, dict) else None
    assert got == code, f"{action} should answer with the error code {code!r}, got {got!r}: {response.shown_body}"


def test_register_creates_an_unconfirmed_account(client):
    """Registering answers 201 with the account's id, email and confirmed: false."""
    response = register(client)
    expect_status(response, 201, "registering")
    body = response.get_json() or {}
    assert body.get("email") == "alice@example.com", f"the answer should contain the email, got {body}"
    assert body.get("confirmed") is False, f"a new account should have confirmed: false, got {body}"


def test_register_refuses_a_password_confirmation_that_differs(client):
    """A password_confirm different from password answers 400 validation_failed."""
    response = register(client, password_confirm="something9")
    expect_error(response, 400, "validation_failed", "a password_confirm that differs from the password")


def test_register_refuses_an_email_already_registered(client):
    """Registering the same email twice answers 409 email_taken."""
    register(client)
    expect_error(register(client), 409, "email_taken", "registering the same email a second time")


def test_confirmation_email_link_confirms_the_account(client, outbox):
    """The emailed /confirm/<token> link answers 200 with confirmed: true."""
    register(client)
    assert len(outbox) == 1, f"registering should send one email, {len(outbox)} were sent"
    match = LINK_TOKEN.search(outbox[0]["body"] or "")
    assert match, f"the email should contain a /confirm/<token> link, its body was {outbox[0]['body']!r}"
    response = client.get(f"/confirm/{match.group(1)}")
    expect_status(response, 200, "opening a fresh confirmation link")
    confirmed = (response.get_json() or {}).get("confirmed")
    assert confirmed is True, f"the answer should say confirmed: true, got {response.shown_body}"


def test_login_before_confirmation_is_refused(client):
    """Logging in before confirming the email answers 403 unconfirmed."""
    register(client)
    response = client.post("/login", json={"email": "alice@example.com", "password": PASSWORD})
    expect_error(response, 403, "unconfirmed", "logging in before confirming the email")
