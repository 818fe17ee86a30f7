"""The weather and greeting endpoints: three ways to fake the outside world, and a frozen clock."""

import logging
from datetime import UTC, datetime, timedelta, timezone
from unittest.mock import patch

import pytest
import requests
from responses import matchers

from sample_app.services import clock, weather_service

UTC_PLUS_5 = timezone(timedelta(hours=5))
SAN_FRANCISCO = {"city": "San Francisco", "temperature": 18.5, "condition": "Fog"}


# --- faking the service function (pytest-mock) ----------------------------------------------------


# --8<-- [start:mocker-service]
def test_weather_returns_what_the_service_reports(client, mocker):
    """The endpoint answers the service's dict for the city in the query string."""
    fetch = mocker.patch("sample_app.services.weather_service.fetch_current_weather", return_value=SAN_FRANCISCO)

    response = client.get("/api/weather", query_string={"city": "San Francisco"})

    assert response.status_code == 200
    assert response.get_json() == SAN_FRANCISCO
    fetch.assert_called_once_with("San Francisco")


# --8<-- [end:mocker-service]


# --8<-- [start:mocker-side-effect]
def test_weather_provider_failure_answers_503(client, mocker, caplog):
    """When the service raises WeatherUnavailable the answer is a 503 envelope, and it is logged."""
    mocker.patch(
        "sample_app.services.weather_service.fetch_current_weather",
        side_effect=weather_service.WeatherUnavailable("provider answered 500"),
    )

    with caplog.at_level(logging.WARNING):
        response = client.get("/api/weather?city=Paris")

    assert response.status_code == 503
    assert "unavailable" in response.get_json()["message"]
    assert "provider answered 500" in caplog.text


# --8<-- [end:mocker-side-effect]


@pytest.mark.parametrize("query", ["", "?city=", "?city=%20%20"], ids=["absent", "empty", "blank"])
def test_weather_without_a_city_is_a_bad_request(client, mocker, query):
    """A missing or blank city answers 400 before the provider is asked."""
    fetch = mocker.patch("sample_app.services.weather_service.fetch_current_weather")

    response = client.get(f"/api/weather{query}")

    assert response.status_code == 400
    assert response.get_json()["errors"] == {"city": ["This field is required."]}
    fetch.assert_not_called()


def test_weather_with_an_overlong_city_is_a_bad_request(client):
    """A city name longer than 100 characters answers 400."""
    response = client.get("/api/weather", query_string={"city": "x" * 101})

    assert response.status_code == 400
    assert "city" in response.get_json()["errors"]


# --- faking requests.get (unittest.mock) ----------------------------------------------------------


# --8<-- [start:mock-requests-get]
def test_weather_parses_the_reply_of_requests_get(client):
    """With requests.get faked by a Mock, the service's own parsing still runs."""
    with patch("sample_app.services.weather_service.requests.get") as get:
        get.return_value.json.return_value = {"temperature": 18.5, "condition": "Fog"}

        response = client.get("/api/weather", query_string={"city": "San Francisco"})

    assert response.get_json() == SAN_FRANCISCO
    get.assert_called_once()


def test_connection_error_answers_503(client):
    """A network failure inside requests.get becomes a 503, never a 500."""
    # The exception requests itself raises, not the built-in ConnectionError it never lets out.
    with patch(
        "sample_app.services.weather_service.requests.get",
        side_effect=requests.exceptions.ConnectionError("network is unreachable"),
    ) as get:
        response = client.get("/api/weather?city=Oslo")

    assert response.status_code == 503
    assert "unavailable" in response.get_json()["message"]
    assert get.call_args.kwargs["params"] == {"city": "Oslo"}


# --8<-- [end:mock-requests-get]


# --8<-- [start:bug-is-not-503]
def test_a_bug_in_the_weather_code_is_a_500_not_a_503(app, client, monkeypatch, caplog):
    """A TypeError is the app's own bug: it reaches the 500 handler and the log instead of blaming the provider."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    bug = TypeError("get() got an unexpected keyword argument 'timout'")

    with patch("sample_app.services.weather_service.requests.get", side_effect=bug), caplog.at_level(logging.ERROR):
        response = client.get("/api/weather?city=Oslo")

    assert response.status_code == 500
    assert response.get_json()["code"] == "internal_error"
    assert "Unhandled TypeError on GET /api/weather" in caplog.text


# --8<-- [end:bug-is-not-503]


# --- faking the HTTP layer (responses) ------------------------------------------------------------


# --8<-- [start:responses-http]
def test_weather_from_the_real_request_code(client, weather_api):
    """With the provider faked at the HTTP level, the real request and parsing code runs."""
    mock, url = weather_api
    mock.get(url, json=SAN_FRANCISCO, match=[matchers.query_param_matcher({"city": "San Francisco"})])

    response = client.get("/api/weather", query_string={"city": "San Francisco"})

    assert response.status_code == 200
    assert response.get_json() == SAN_FRANCISCO


@pytest.mark.parametrize(
    "reply",
    [
        {"status": 500, "json": {"error": "boom"}},
        {"body": "<html>not json</html>"},
        {"json": {"city": "Oslo"}},
        {"json": ["Oslo", 5, "Snow"]},
        {"body": requests.exceptions.Timeout("read timed out")},
    ],
    ids=["server-error", "not-json", "missing-fields", "not-an-object", "timeout"],
)
def test_weather_provider_problems_answer_503(client, weather_api, reply):
    """Errors, junk and timeouts from the provider all answer the 503 envelope."""
    mock, url = weather_api
    mock.get(url, **reply)

    response = client.get("/api/weather?city=Oslo")

    assert response.status_code == 503
    assert response.get_json()["code"] == "weather_unavailable"


# --8<-- [end:responses-http]


# --- a frozen clock (monkeypatch) -----------------------------------------------------------------


# --8<-- [start:frozen-clock]
@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (datetime(2024, 12, 25, 20, 0, tzinfo=UTC), "Merry Christmas!"),
        (datetime(2024, 12, 25, 0, 0, tzinfo=UTC), "Merry Christmas!"),
        (datetime(2024, 12, 24, 9, 0, tzinfo=UTC), "Good morning"),
        (datetime(2024, 6, 1, 11, 59, tzinfo=UTC), "Good morning"),
        (datetime(2024, 6, 1, 12, 0, tzinfo=UTC), "Good afternoon"),
        (datetime(2024, 6, 1, 17, 59, tzinfo=UTC), "Good afternoon"),
        (datetime(2024, 6, 1, 18, 0, tzinfo=UTC), "Good evening"),
        (datetime(2024, 12, 26, 23, 59, tzinfo=UTC), "Good evening"),
        (datetime(2024, 6, 1, 20, 0, tzinfo=UTC_PLUS_5), "Good afternoon"),
        (datetime(2024, 12, 25, 1, 0, tzinfo=UTC_PLUS_5), "Good evening"),
    ],
    ids=[
        "christmas-evening",
        "christmas-midnight",
        "christmas-eve-morning",
        "late-morning",
        "noon",
        "late-afternoon",
        "six-pm",
        "boxing-day-night",
        "local-evening-is-utc-afternoon",
        "local-christmas-is-utc-christmas-eve",
    ],
)
def test_greeting_depends_on_the_date_and_utc_hour(client, monkeypatch, moment, message):
    """Christmas Day wins; otherwise the UTC hour picks morning, afternoon or evening."""
    monkeypatch.setattr(clock, "now", lambda: moment)

    response = client.get("/api/greeting")

    assert response.get_json() == {"message": message}


# --8<-- [end:frozen-clock]
