"""Hidden tests for the `registration` exercise: sign-up, email confirmation, resend and login.

Each test talks to your app only through the `client` fixture (a fresh app per test), reads the
emails your app sent from `outbox`, and uses `make_client(...)` for a second app with other
settings. The docstring of each test is what the feedback shows you.
"""

import base64
import json
import re

import pytest

from autograder.material.api_errors import assert_error, assert_status, error_of

PASSWORD = "sunflower42"
OTHER_PASSWORD = "daffodil77"
LINK_TOKEN = re.compile(r"/confirm/([^\s\"'<>]+)")


# --- helpers -----------------------------------------------------------------------------------


def register(client, email="alice@example.com", password=PASSWORD, password_confirm=None):
    confirmation = password if password_confirm is None else password_confirm
    return client.post(
        "/register",
        json={"email": email, "password": password, "password_confirm": confirmation},
    )


def login(client, email="alice@example.com", password=PASSWORD):
    return client.post("/login", json={"email": email, "password": password})


def expect_details_for(response, fields, action):
    """A 400 validation_failed whose details name every field in `fields`."""
    __tracebackhide__ = True
    assert_error(response, 400, "validation_failed", action)
    details = error_of(response).get("details")
    named = set(details) if isinstance(details, dict) else set()
    missing = sorted(set(fields) - named)
    assert not missing, f"{action}: the error details should explain {missing}, got {details!r}"


def token_in(email):
    """The token of the /confirm/<token> link in a captured email."""
    __tracebackhide__ = True
    match = LINK_TOKEN.search(email["body"] or "")
    assert match, f"the confirmation email should contain a /confirm/<token> link, its body was: {email['body']!r}"
    return match.group(1)


def registered(client, outbox, email="alice@example.com", password=PASSWORD):
    """Register an account and return the token from its confirmation email."""
    __tracebackhide__ = True
    assert_status(register(client, email, password), 201, f"registering {email}")
    assert outbox, "registering should send a confirmation email"
    return token_in(outbox[-1])


def confirmed(client, outbox, email="alice@example.com", password=PASSWORD):
    """Register an account and confirm it."""
    __tracebackhide__ = True
    token = registered(client, outbox, email, password)
    assert_status(client.get(f"/confirm/{token}"), 200, "opening a fresh confirmation link")


def tampered(token):
    """The token with one character of its signature (the part after the last dot) changed."""
    # The middle of the signature: its very last character may only carry padding bits.
    signature_length = len(token.rpartition(".")[2])
    position = len(token) - 1 - signature_length // 2
    replacement = "A" if token[position] != "A" else "B"
    return token[:position] + replacement + token[position + 1 :]


def with_payload(token, email):
    """The token with its payload swapped for another address, keeping the old signature."""
    payload = base64.urlsafe_b64encode(json.dumps(email).encode()).rstrip(b"=").decode()
    return ".".join([payload, *token.split(".")[1:]])


# --- registering -------------------------------------------------------------------------------


def test_register_creates_an_unconfirmed_account(client):
    """Registering answers 201 with the account's id, email and confirmed: false."""
    response = register(client)
    assert_status(response, 201, "registering")
    body = response.get_json()
    assert isinstance(body, dict), f"the answer should be a JSON object, got {response.shown_body}"
    assert body.get("email") == "alice@example.com", f"the answer should contain the email, got {body}"
    assert body.get("confirmed") is False, f"a new account should have confirmed: false, got {body}"
    assert isinstance(body.get("id"), int), f"the answer should contain the account's integer id, got {body}"


def test_register_stores_the_email_lower_cased(client):
    """An email with capitals is stored and returned lower-cased."""
    response = register(client, email="Alice@Example.COM")
    assert_status(response, 201, "registering Alice@Example.COM")
    email = (response.get_json() or {}).get("email")
    assert email == "alice@example.com", f"the email should come back lower-cased, got {email!r}"


def test_register_never_reveals_the_password(client):
    """The registration answer contains neither the password nor any password field."""
    response = register(client)
    assert_status(response, 201, "registering")
    leaked = [key for key in response.get_json() or {} if "password" in key.lower()]
    assert not leaked, f"the answer must not contain password fields, found {leaked}"
    assert PASSWORD not in response.text, "the answer must not contain the password"


def test_register_sends_a_confirmation_email_to_the_new_address(client, outbox):
    """Registering sends exactly one email, to the new address, with a /confirm/<token> link."""
    register(client, email="Alice@Example.com")
    assert len(outbox) == 1, f"registering should send exactly one email, {len(outbox)} were sent"
    assert outbox[0]["recipients"] == ["alice@example.com"], (
        f"the email should go to the new account's address only, it went to {outbox[0]['recipients']}"
    )
    token_in(outbox[0])


def test_confirmation_email_does_not_contain_the_password(client, outbox):
    """The confirmation email never repeats the password."""
    register(client)
    assert outbox, "registering should send a confirmation email"
    text = (outbox[0]["body"] or "") + (outbox[0]["html"] or "")
    assert PASSWORD not in text, "the email must not contain the password"


def test_register_with_a_body_that_is_not_json_is_refused(client):
    """A registration whose body is not JSON answers 400 invalid_json."""
    response = client.post("/register", data="email=alice@example.com", content_type="text/plain")
    assert_error(response, 400, "invalid_json", "a registration with a plain-text body")


def test_register_with_malformed_json_is_refused(client):
    """A registration with broken JSON answers 400 invalid_json, not a server error."""
    response = client.post("/register", data='{"email": "alice@example.com",', content_type="application/json")
    assert_error(response, 400, "invalid_json", "a registration with broken JSON")


def test_register_with_a_json_array_is_refused(client):
    """A registration whose JSON body is a list instead of an object answers 400 invalid_json."""
    response = client.post("/register", json=["alice@example.com", PASSWORD, PASSWORD])
    assert_error(response, 400, "invalid_json", "a registration whose body is a JSON list")


def test_register_reports_every_missing_field(client):
    """An empty registration answers 400 validation_failed naming all three fields."""
    response = client.post("/register", json={})
    expect_details_for(response, ["email", "password", "password_confirm"], "an empty registration")


MALFORMED_EMAILS = ["not-an-email", "alice@", "@example.com", "alice@example", "alice smith@example.com"]


@pytest.mark.parametrize("email", MALFORMED_EMAILS)
def test_register_rejects_a_malformed_email(client, email):
    """A malformed email address answers 400 with details for email."""
    expect_details_for(register(client, email=email), ["email"], f"registering the email {email!r}")


def test_register_rejects_fields_of_the_wrong_type(client):
    """Numbers or lists instead of strings answer 400, not a server error."""
    response = client.post("/register", json={"email": 42, "password": ["sunflower42"], "password_confirm": None})
    expect_details_for(response, ["email", "password"], "a registration with a number and a list as fields")


def test_register_rejects_a_password_shorter_than_eight_characters(client):
    """A 7-character password answers 400 with details for password."""
    expect_details_for(register(client, password="abcde12"), ["password"], "a 7-character password")


def test_register_accepts_a_password_of_exactly_eight_characters(client):
    """An 8-character password with a letter and a digit is accepted."""
    assert_status(register(client, password="abcdef12"), 201, "registering with an 8-character password")


def test_register_rejects_a_password_without_a_digit(client):
    """A password made only of letters answers 400 with details for password."""
    expect_details_for(register(client, password="sunflowers"), ["password"], "a password without a digit")


def test_register_rejects_a_password_without_a_letter(client):
    """A password made only of digits answers 400 with details for password."""
    expect_details_for(register(client, password="1234567890"), ["password"], "a password without a letter")


def test_register_rejects_a_huge_password(client):
    """A 10 000-character password is refused with 400, not hashed."""
    expect_details_for(register(client, password="a1" * 5000), ["password"], "a 10 000-character password")


def test_register_rejects_a_huge_email(client):
    """A 10 000-character email address is refused with 400."""
    expect_details_for(register(client, email="a" * 10_000 + "@example.com"), ["email"], "a 10 000-character email")


def test_register_rejects_a_password_confirmation_that_differs(client):
    """A password_confirm different from password answers 400 with details for password_confirm."""
    response = register(client, password_confirm=OTHER_PASSWORD)
    expect_details_for(response, ["password_confirm"], "a password_confirm that differs from the password")


def test_refused_registration_creates_no_account_and_sends_no_email(client, outbox):
    """A refused registration sends no email and leaves the address free."""
    register(client, password_confirm=OTHER_PASSWORD)
    assert outbox == [], f"a refused registration must not send email, {len(outbox)} were sent"
    assert_status(register(client), 201, "registering an address after a refused attempt")


def test_register_refuses_an_email_already_registered(client, outbox):
    """Registering the same email twice answers 409 email_taken and sends no second email."""
    register(client)
    response = register(client, password=OTHER_PASSWORD)
    assert_error(response, 409, "email_taken", "registering the same email a second time")
    assert len(outbox) == 1, f"only the first registration should send an email, {len(outbox)} were sent"


def test_register_compares_emails_case_insensitively(client):
    """Alice@Example.com counts as already registered when alice@example.com is."""
    register(client, email="alice@example.com")
    response = register(client, email="Alice@Example.com")
    assert_error(response, 409, "email_taken", "registering Alice@Example.com after alice@example.com")


def test_refused_duplicate_keeps_the_original_password(client, outbox):
    """A refused duplicate registration does not change the stored password."""
    confirmed(client, outbox)
    register(client, email="ALICE@example.com", password=OTHER_PASSWORD)
    assert_status(login(client, password=PASSWORD), 200, "logging in with the original password")
    assert_status(login(client, password=OTHER_PASSWORD), 401, "logging in with the refused registration's password")


# --- confirming --------------------------------------------------------------------------------


def test_confirmation_link_confirms_the_account(client, outbox):
    """Opening the emailed link answers 200 with the email and confirmed: true."""
    token = registered(client, outbox)
    response = client.get(f"/confirm/{token}")
    assert_status(response, 200, "opening a fresh confirmation link")
    assert response.get_json() == {"email": "alice@example.com", "confirmed": True}, (
        f"the answer should be the email and confirmed: true, got {response.shown_body}"
    )


def test_confirmation_link_used_twice_is_refused(client, outbox):
    """Opening a confirmation link a second time answers 409 already_confirmed."""
    token = registered(client, outbox)
    client.get(f"/confirm/{token}")
    response = client.get(f"/confirm/{token}")
    assert_error(response, 409, "already_confirmed", "opening a confirmation link a second time")


def test_confirmation_link_with_a_tampered_signature_is_refused(client, outbox):
    """A link whose signature was altered answers 400 token_invalid and confirms nothing."""
    token = registered(client, outbox)
    response = client.get(f"/confirm/{tampered(token)}")
    assert_error(response, 400, "token_invalid", "a link with an altered signature")
    assert_status(login(client), 403, "logging in after opening only an altered link")


def test_confirmation_link_cannot_be_forged_for_another_account(client, outbox):
    """A token whose address was swapped for another account's is refused and confirms nothing."""
    alice_token = registered(client, outbox, email="alice@example.com")
    registered(client, outbox, email="mallory@example.com")
    response = client.get(f"/confirm/{with_payload(alice_token, 'mallory@example.com')}")
    assert_error(response, 400, "token_invalid", "a token whose address was swapped")
    assert_status(login(client, email="mallory@example.com"), 403, "logging in after opening only a forged link")


def test_confirmation_link_with_garbage_is_refused(client):
    """A token that is not a token at all answers 400 token_invalid."""
    assert_error(client.get("/confirm/not-a-real-token"), 400, "token_invalid", "the link /confirm/not-a-real-token")


def test_expired_confirmation_link_is_refused_as_expired(client, outbox, make_client):
    """A link older than CONFIRM_TOKEN_MAX_AGE answers 400 token_expired."""
    token = registered(client, outbox)
    # A second app with the same SECRET_KEY trusts the token's signature; with a max age of -1
    # seconds every token is already too old, so no test has to wait.
    expired_app = make_client(CONFIRM_TOKEN_MAX_AGE=-1)
    response = expired_app.get(f"/confirm/{token}")
    assert_error(response, 400, "token_expired", "an expired link (so the user knows to ask for a new one)")


# --- resending ---------------------------------------------------------------------------------


def test_resend_sends_a_new_working_link(client, outbox):
    """Resending answers 202 and emails a new link that confirms the account."""
    registered(client, outbox)
    response = client.post("/resend", json={"email": "Alice@Example.com"})
    assert_status(response, 202, "resending for an unconfirmed account")
    assert len(outbox) == 2, f"resending should send one more email, {len(outbox)} were sent in total"
    assert outbox[1]["recipients"] == ["alice@example.com"], (
        f"the new email should go to the account's address, it went to {outbox[1]['recipients']}"
    )
    assert_status(client.get(f"/confirm/{token_in(outbox[1])}"), 200, "opening the resent link")


def test_resend_does_not_confirm_the_account_by_itself(client, outbox):
    """Asking for a new email leaves the account unconfirmed until the link is opened."""
    registered(client, outbox)
    client.post("/resend", json={"email": "alice@example.com"})
    assert_status(login(client), 403, "logging in after a resend but before opening the link")


def test_resend_for_an_unknown_email_looks_the_same_and_sends_nothing(client, outbox):
    """Resending for an unknown address answers 202 too (no account probing) but sends no email."""
    response = client.post("/resend", json={"email": "nobody@example.com"})
    assert_status(response, 202, "resending for an unknown address (the same answer as for a real one)")
    assert outbox == [], f"no email should be sent for an unknown address, {len(outbox)} were sent"


def test_resend_for_a_confirmed_account_is_refused(client, outbox):
    """Resending for an already confirmed account answers 409 already_confirmed and sends nothing."""
    confirmed(client, outbox)
    response = client.post("/resend", json={"email": "alice@example.com"})
    assert_error(response, 409, "already_confirmed", "resending for a confirmed account")
    assert len(outbox) == 1, f"no new email should be sent for a confirmed account, {len(outbox)} were sent in total"


@pytest.mark.parametrize("body", [{}, {"email": "not-an-email"}, {"email": 12}], ids=["missing", "malformed", "number"])
def test_resend_with_an_invalid_email_is_refused(client, body):
    """Resending with a missing or malformed email answers 400 with details for email."""
    expect_details_for(client.post("/resend", json=body), ["email"], f"resending with {body}")


def test_resend_with_malformed_json_is_refused(client):
    """Resending with broken JSON answers 400 invalid_json."""
    response = client.post("/resend", data="{", content_type="application/json")
    assert_error(response, 400, "invalid_json", "resending with broken JSON")


# --- logging in --------------------------------------------------------------------------------


def test_login_before_confirmation_is_refused(client, outbox):
    """Logging in with the right password before confirming answers 403 unconfirmed."""
    registered(client, outbox)
    assert_error(login(client), 403, "unconfirmed", "logging in before confirming the email")


def test_login_after_confirmation_succeeds(client, outbox):
    """After confirming, logging in answers 200 with the email."""
    confirmed(client, outbox)
    response = login(client)
    assert_status(response, 200, "logging in to a confirmed account")
    email = (response.get_json() or {}).get("email")
    assert email == "alice@example.com", f"the answer should contain the email, got {response.shown_body}"


def test_login_starts_a_session(client, outbox):
    """A successful login sets a session cookie."""
    confirmed(client, outbox)
    response = login(client)
    assert_status(response, 200, "logging in to a confirmed account")
    assert response.headers.get("Set-Cookie"), "a successful login should set a session cookie"


def test_login_ignores_the_capitals_in_the_email(client, outbox):
    """Logging in as ALICE@EXAMPLE.COM works for alice@example.com."""
    confirmed(client, outbox)
    assert_status(login(client, email="ALICE@EXAMPLE.COM"), 200, "logging in as ALICE@EXAMPLE.COM")


def test_login_with_a_wrong_password_is_refused(client, outbox):
    """A wrong password answers 401 invalid_credentials."""
    confirmed(client, outbox)
    assert_error(login(client, password=OTHER_PASSWORD), 401, "invalid_credentials", "logging in with a wrong password")


def test_login_with_an_unknown_email_is_refused(client):
    """An address nobody registered answers 401 invalid_credentials."""
    response = login(client, email="nobody@example.com")
    assert_error(response, 401, "invalid_credentials", "logging in with an unknown email")


def test_login_with_a_wrong_password_does_not_reveal_an_unconfirmed_account(client, outbox):
    """A wrong password answers 401 even for an unconfirmed account, never 403."""
    registered(client, outbox)
    response = login(client, password=OTHER_PASSWORD)
    assert_error(
        response,
        401,
        "invalid_credentials",
        "a wrong password on an unconfirmed account (only the owner may learn it is unconfirmed)",
    )


def test_login_with_missing_fields_is_refused(client):
    """Logging in without email and password answers 400 with details for both."""
    expect_details_for(client.post("/login", json={}), ["email", "password"], "logging in without any field")


def test_login_with_malformed_json_is_refused(client):
    """Logging in with broken JSON answers 400 invalid_json."""
    response = client.post("/login", data="{'email': 'alice@example.com'}", content_type="application/json")
    assert_error(response, 400, "invalid_json", "logging in with broken JSON")


# --- the error envelope ------------------------------------------------------------------------


def test_unknown_url_answers_404_in_the_json_envelope(client):
    """An unknown URL answers 404 with the JSON error envelope."""
    assert_error(client.get("/no-such-page"), 404, "not_found", "an unknown URL")


def test_wrong_method_answers_405_in_the_json_envelope(client):
    """GET on /register answers 405 with the JSON error envelope."""
    assert_error(client.get("/register"), 405, "method_not_allowed", "GET /register")
