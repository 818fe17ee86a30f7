"""Lesson 12 challenge: a crash in the API, for a caller who sent a token."""

import pytest


@pytest.fixture
def failing_api_route(app):
    """Add an API route that always raises, with a secret in the exception's message."""

    @app.get("/api/reports/monthly")
    def monthly_report():
        raise RuntimeError("payroll query failed for password=hunter2")

    return "/api/reports/monthly"


def test_a_crash_is_a_500_envelope_for_a_caller_with_a_token(client, auth_headers, failing_api_route):
    """A view that raises answers the JSON 500 envelope, with no details, to a logged-in API caller."""
    response = client.get(failing_api_route, headers=auth_headers)

    assert response.status_code == 500
    assert response.get_json()["code"] == "internal_error"
