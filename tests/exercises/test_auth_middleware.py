"""Checks only the `auth_middleware` exercise needs; the shared contract is in test_exercises.py."""

import pytest

from tests.exercises import harness

# Appended to the reference app: a token check that still honours expiry but, when a signature
# does not check out, reads the payload anyway -- the bug the forgery tests exist to catch.
TRUSTING_TOKENS = """

import base64 as _base64
import json as _json

from itsdangerous import BadSignature as _BadSignature

_checked_user_from_token = user_from_token


def user_from_token(token):
    try:
        return _checked_user_from_token(token)
    except ApiError as error:
        if error.code != "token_invalid":
            raise
    try:
        token_serializer().loads(token)
    except SignatureExpired:
        raise
    except _BadSignature:
        pass
    payload = token.split(".")[0]
    try:
        subject = _json.loads(_base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))).get("sub")
    except (ValueError, AttributeError):
        subject = None
    if subject not in users():
        raise invalid_token("token_invalid", "The access token is not valid.")
    return users()[subject]
"""

FORGERY_TESTS = {
    "test_token_with_a_tampered_signature_answers_401",
    "test_token_with_another_users_payload_answers_401",
    "test_token_signed_with_another_key_answers_401",
    "test_token_signed_for_another_purpose_answers_401",
    "test_tampered_expired_token_is_invalid_not_expired",
}


def test_forgery_tests_fail_on_an_app_that_skips_the_signature_check():
    """A middleware that reads unverified payloads loses the forgery tests' points, and only those."""
    hidden = harness.SUITES_DIR / "auth_middleware" / "hidden_tests.py"
    trusting = harness.reference_source("auth_middleware") + TRUSTING_TOKENS

    outcomes = harness.run_test_module(hidden, trusting, exercise_id="auth_middleware")

    assert set(outcomes.not_passed()) == FORGERY_TESTS, outcomes.report()
    # All but the tampered-and-old case are security tests worth double.
    points = harness.load_suite("auth_middleware")["points"]
    assert sum(points.get(name, 1) for name in FORGERY_TESTS) == 9


@pytest.mark.parametrize("path", ["/health", "/notices"])
def test_public_routes_never_reach_the_token_check(path, load_app_module, app_session, monkeypatch):
    """The middleware does not even read the token of an exempt or public route: it cannot fail there."""
    module = load_app_module(harness.reference_source("auth_middleware"))
    session = app_session(module, exercise_id="auth_middleware")

    def refuse(*_args):
        raise AssertionError("the token check ran for a public route")

    monkeypatch.setattr(module, "bearer_token", refuse)
    response = session.client.get(path, headers={"Authorization": "Bearer whatever"})
    assert response.status_code == 200


def test_middleware_sets_the_user_and_roles_on_g(load_app_module):
    """After the middleware, g.user is the token's username and g.roles a set of the user's roles."""
    module = load_app_module(harness.reference_source("auth_middleware"))
    app = module.create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    )
    client = app.test_client()
    token = client.post("/tokens", json={"username": "ada", "password": "fountain-pen-3"}).get_json()["access_token"]
    with client:
        assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert module.g.user == "ada"
        assert module.g.roles == frozenset({"user", "admin"})
    with client:
        assert client.get("/notices").status_code == 200
        assert module.g.user is None and module.g.roles == frozenset()
