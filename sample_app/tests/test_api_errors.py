"""Every error under /api comes back in one JSON envelope, never as an HTML page or a bare 500."""

import logging

import pytest

from sample_app.services.weather_service import WeatherUnavailable

ENVELOPE_KEYS = {"error", "code", "message", "status"}


# --8<-- [start:fixtures-failing-route]
@pytest.fixture
def failing_api_route(app):
    """Add an API route that always raises; the app is new and has served no request yet."""

    @app.get("/api/explode")
    def explode():
        raise RuntimeError("the flux capacitor melted")

    return "/api/explode"


# --8<-- [end:fixtures-failing-route]


# --8<-- [start:assert-envelope]
# --8<-- [start:params-assert-envelope]
def assert_envelope(response, status: int, error: str) -> dict:
    """Check the shared envelope shape and return the parsed body."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert ENVELOPE_KEYS <= set(data)
    assert (data["status"], data["error"]) == (status, error)
    assert data["message"]
    return data


# --8<-- [end:params-assert-envelope]
# --8<-- [end:assert-envelope]


# --8<-- [start:client-raw-body]
def test_malformed_json_is_a_400_envelope(client, auth_headers):
    """Malformed JSON answers 400 Bad Request in the envelope."""
    response = client.post("/api/posts", data="{oops", content_type="application/json", headers=auth_headers)

    assert_envelope(response, 400, "Bad Request")


# --8<-- [end:client-raw-body]


# --8<-- [start:params-validation-errors]
def test_validation_errors_list_messages_per_field(client, auth_headers):
    """Field problems answer 400 with code validation_error and an errors mapping of lists."""
    response = client.post("/api/posts", json={"title": 42, "tags": "x"}, headers=auth_headers)

    data = assert_envelope(response, 400, "Bad Request")
    assert data["code"] == "validation_error"
    assert set(data["errors"]) == {"title", "content", "tags"}
    assert all(isinstance(messages, list) and messages for messages in data["errors"].values())


# --8<-- [end:params-validation-errors]


# --8<-- [start:api-401-403]
def test_missing_token_is_a_401_envelope(client):
    """A protected endpoint without a token answers 401 Unauthorized."""
    assert_envelope(client.get("/api/users/me"), 401, "Unauthorized")


def test_forbidden_is_a_403_envelope(client, auth_headers):
    """An admin-only endpoint with a regular token answers 403 Forbidden."""
    assert_envelope(client.get("/api/admin/users", headers=auth_headers), 403, "Forbidden")


# --8<-- [end:api-401-403]


# --8<-- [start:api-404-405]
# --8<-- [start:client-accept-header]
@pytest.mark.parametrize("accept", ["application/json", "text/html", "*/*"])
def test_unknown_api_url_is_a_json_404_whatever_the_client_accepts(client, accept):
    """An unknown /api URL answers the JSON 404, even to a browser asking for HTML."""
    response = client.get("/api/does-not-exist", headers={"Accept": accept})

    data = assert_envelope(response, 404, "Not Found")
    assert data["code"] == "not_found"


# --8<-- [end:client-accept-header]


# --8<-- [start:params-405]
def test_wrong_method_is_a_405_envelope_with_allow_header(client):
    """DELETE on the user list answers 405 and the Allow header names the methods that work."""
    response = client.delete("/api/users")

    assert_envelope(response, 405, "Method Not Allowed")
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "DELETE" not in allowed


# --8<-- [end:params-405]
# --8<-- [end:api-404-405]


def test_oversized_body_is_a_413_envelope(app, client, auth_headers, monkeypatch):
    """A body larger than MAX_CONTENT_LENGTH answers 413 and is never parsed."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)

    response = client.post("/api/posts", json={"title": "Big", "content": "x" * 2048}, headers=auth_headers)

    assert_envelope(response, 413, "Request Entity Too Large")
    assert client.get("/api/posts").get_json()["total"] == 0


def test_invalid_token_is_a_422_envelope(client):
    """A token that cannot be decoded answers 422 Unprocessable Entity."""
    response = client.get("/api/users/me", headers={"Authorization": "Bearer garbage"})

    assert_envelope(response, 422, "Unprocessable Entity")


def test_rate_limit_is_a_429_envelope(app, client, monkeypatch):
    """Going over the rate limit answers 429 Too Many Requests with Retry-After."""
    monkeypatch.setitem(app.config, "DATA_RATE_LIMIT", "1 per minute")
    client.get("/api/data")

    response = client.get("/api/data")

    assert_envelope(response, 429, "Too Many Requests")
    assert "Retry-After" in response.headers


# --8<-- [start:api-500]
# --8<-- [start:factory-testing-propagates]
def test_unhandled_exception_is_a_500_envelope_and_is_logged(app, client, failing_api_route, monkeypatch, caplog):
    """A crash in a view answers a JSON 500 without details, and the error text goes to the log."""
    # TESTING makes Flask re-raise errors into the test; turn that off to see the real 500 page.
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    with caplog.at_level(logging.ERROR):
        response = client.get(failing_api_route)

    data = assert_envelope(response, 500, "Internal Server Error")
    assert data["code"] == "internal_error"
    assert "flux capacitor" not in response.get_data(as_text=True)
    assert "the flux capacitor melted" in caplog.text


# --8<-- [end:api-500]


def test_unhandled_exception_reaches_the_test_when_testing(client, failing_api_route):
    """With TESTING on, Flask re-raises the original error so the test sees the traceback."""
    with pytest.raises(RuntimeError, match="flux capacitor"):
        client.get(failing_api_route)


# --8<-- [end:factory-testing-propagates]


def test_unavailable_dependency_is_a_503_envelope(client, mocker):
    """A failing upstream service answers 503 Service Unavailable."""
    mocker.patch(
        "sample_app.services.weather_service.fetch_current_weather", side_effect=WeatherUnavailable("provider down")
    )

    response = client.get("/api/weather?city=Oslo")

    assert_envelope(response, 503, "Service Unavailable")
