"""Operational endpoints: the health check, request metrics and the rate-limited data feed."""

import logging
from unittest.mock import Mock

from sample_app import create_app
from sample_app.services import metrics

# --- health ---------------------------------------------------------------------------------------


def test_health_reports_ok_when_the_database_answers(client):
    """GET /api/health runs SELECT 1 and answers 200 with both checks ok."""
    response = client.get("/api/health")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_reports_503_when_the_database_is_unreachable(app_config, tmp_path, caplog):
    """With a database that cannot be opened, health answers 503 and says which part failed."""
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'blog.sqlite'}"
    broken_app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": unreachable})

    with caplog.at_level(logging.ERROR):
        response = broken_app.test_client().get("/api/health")

    assert response.status_code == 503
    data = response.get_json()
    assert data["database"] == "unavailable"
    assert data["code"] == "database_unavailable"
    assert "unable to open database file" in caplog.text


# --- metrics --------------------------------------------------------------------------------------


# --8<-- [start:integration-metrics-hook]
def test_every_response_is_counted_by_the_metrics_hook(client, mocker):
    """The after_request hook increments http_requests_total on whatever collector is current."""
    fake = Mock(spec=metrics.Metrics)
    mocker.patch("sample_app.services.metrics.get_metrics", return_value=fake)

    client.get("/api/health")

    fake.increment.assert_called_once_with("http_requests_total")


# --8<-- [end:integration-metrics-hook]


def test_request_counter_is_kept_per_app(app, app_config, client):
    """The real counter counts this app's requests, errors included, starting from zero."""
    client.get("/api/health")
    client.get("/api/no-such-endpoint")

    assert app.extensions["metrics"].total("http_requests_total") == 2
    fresh_app = create_app(app_config)
    assert fresh_app.extensions["metrics"].total("http_requests_total") == 0


def test_metrics_endpoint_shows_counters_to_admins(client, admin_headers):
    """GET /api/metrics answers the counters to an administrator."""
    client.get("/api/health")

    response = client.get("/api/metrics", headers=admin_headers)

    assert response.status_code == 200
    # The login and the health check; the metrics request itself is counted after it answers.
    assert response.get_json() == {"counters": {"http_requests_total": 2}}


def test_metrics_endpoint_is_forbidden_to_regular_users(client, auth_headers):
    """A regular user's token answers 403."""
    assert client.get("/api/metrics", headers=auth_headers).status_code == 403


def test_metrics_endpoint_requires_a_token(client):
    """Without a token the metrics answer 401."""
    assert client.get("/api/metrics").status_code == 401


# --- rate limiting --------------------------------------------------------------------------------


# --8<-- [start:integration-rate-limit]
def test_data_allows_30_requests_a_minute_then_answers_429(client):
    """The 31st request within a minute is refused with a 429 envelope and a Retry-After header."""
    for number in range(1, 31):
        assert client.get("/api/data").status_code == 200, f"request {number} was refused"

    response = client.get("/api/data")

    assert response.status_code == 429
    assert response.get_json()["message"] == "Rate limit exceeded (30 per minute). Try again later."
    # The limiter's reset is a whole second that can fall one past the window's end (61 seen here).
    assert 1 <= int(response.headers["Retry-After"]) <= 61


def test_data_limit_comes_from_the_config(app, client, monkeypatch):
    """DATA_RATE_LIMIT is read on each request, so a test can make the limit tiny."""
    monkeypatch.setitem(app.config, "DATA_RATE_LIMIT", "2 per minute")

    codes = [client.get("/api/data").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_a_new_app_starts_with_a_clean_rate_limit(app, app_config, client, monkeypatch):
    """Limits do not leak between apps: after one app hits the limit, a new one is not limited."""
    # Flask-Limiter's Limiter object is global, but init_app gives it fresh storage.
    monkeypatch.setitem(app.config, "DATA_RATE_LIMIT", "1 per minute")
    client.get("/api/data")
    assert client.get("/api/data").status_code == 429

    new_app = create_app(app_config | {"DATA_RATE_LIMIT": "1 per minute"})

    assert new_app.test_client().get("/api/data").status_code == 200


# --8<-- [end:integration-rate-limit]
