"""Checks only the `shopping_cart` exercise needs; the shared contract is in test_exercises.py."""

from tests.exercises import harness

FORGED_COOKIE_TEST = "test_forged_session_cookie_gives_an_empty_cart"

# Appended to the reference app: a session interface that, when a cookie's signature does not
# check out, reads its payload anyway -- the bug the hidden test exists to catch.
TRUSTING_SESSIONS = """

import base64 as _base64
import json as _json

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class _UncheckedSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app, request):
        signed = super().open_session(app, request)
        if signed:
            return signed
        payload = request.cookies.get(self.get_cookie_name(app), "").split(".")[0]
        try:
            data = _json.loads(_base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except ValueError:
            data = {}
        return SecureCookieSession(data)


_signed_create_app = create_app


def create_app(test_config=None):
    app = _signed_create_app(test_config)
    app.session_interface = _UncheckedSessionInterface()
    return app
"""


def test_forged_cookie_test_fails_on_an_app_that_trusts_the_cookie():
    """The hidden forged-cookie test really sends the cookie: an app that skips the signature fails it."""
    hidden = harness.SUITES_DIR / "shopping_cart" / "hidden_tests.py"
    trusting = harness.reference_source("shopping_cart") + TRUSTING_SESSIONS

    outcomes = harness.run_test_module(hidden, trusting, exercise_id="shopping_cart")

    assert outcomes[FORGED_COOKIE_TEST] == "failed", outcomes.report()
    assert "a forged cookie must not fill the cart" in outcomes.messages[FORGED_COOKIE_TEST]
    # The cart, orders and everything else still work on the trusting app: only the forgery shows.
    assert set(outcomes.not_passed()) == {FORGED_COOKIE_TEST}, outcomes.report()
