"""Lesson 12 challenge, solved: the route before the login, propagation off, the details in the log only."""

import logging

import pytest

from sample_app.tests.helpers import bearer, token_pair

SECRET = "password=hunter2"


@pytest.fixture
def failing_api_route(app):
    """Add an API route that always raises, with a secret in the exception's message."""

    @app.get("/api/reports/monthly")
    def monthly_report():
        raise RuntimeError(f"payroll query failed for {SECRET}")

    return "/api/reports/monthly"


@pytest.fixture
def token_headers(failing_api_route, client, user):
    """``user``'s Authorization header, fetched once the route exists: logging in is a request."""
    return bearer(token_pair(client, user)["access_token"])


def test_a_crash_is_a_500_envelope_for_a_caller_with_a_token(
    app, client, token_headers, failing_api_route, monkeypatch, caplog
):
    """A view that raises answers the JSON 500 envelope, with no details, to a logged-in API caller."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    with caplog.at_level(logging.ERROR):
        response = client.get(failing_api_route, headers=token_headers)

    assert response.status_code == 500
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert (body["status"], body["error"], body["code"]) == (
        500,
        "Internal Server Error",
        "internal_error",
    )
    assert body["message"] == "Something went wrong on our side."
    assert SECRET not in response.get_data(as_text=True), "the error's details reached the caller"
    assert SECRET in caplog.text, "the error's details are missing from the log"
