"""The service seams on their own: email, weather client, OAuth provider client, tokens, clock and metrics."""

from datetime import UTC
from unittest.mock import patch

import pytest
import requests
from flask_jwt_extended import decode_token
from responses import matchers

from sample_app.extensions import mail
from sample_app.services import auth_service, clock, email_service, metrics, oauth_provider, weather_service
from sample_app.services.weather_service import WeatherUnavailable


@pytest.fixture
def app_context(app):
    """Service functions read current_app, so these tests run inside an app context."""
    with app.app_context():
        yield app


# --- email ----------------------------------------------------------------------------------------


def test_send_email_hands_one_message_to_flask_mail(app_context):
    """send_email builds one plain-text message; Flask-Mail records it instead of sending in tests."""
    with mail.record_messages() as outbox:
        email_service.send_email(to="reader@example.com", subject="Hello", body="Hi there")

    assert len(outbox) == 1
    message = outbox[0]
    assert message.recipients == ["reader@example.com"]
    assert (message.subject, message.body) == ("Hello", "Hi there")
    assert message.sender == "tests@sample-blog.test"


# --8<-- [start:patch-object]
def test_welcome_email_greets_the_user_by_name(app_context):
    """send_welcome_email calls send_email with the address and a subject saying Welcome."""
    with patch.object(email_service, "send_email") as send_email:
        email_service.send_welcome_email("alice", "alice@example.com")

    kwargs = send_email.call_args.kwargs
    assert kwargs["to"] == "alice@example.com"
    assert "Welcome" in kwargs["subject"]
    assert "alice" in kwargs["body"]


# --8<-- [end:patch-object]


# --- weather client -------------------------------------------------------------------------------


def test_weather_client_returns_the_three_fields(app_context, weather_api):
    """A good provider answer becomes {"city", "temperature", "condition"}."""
    mock, url = weather_api
    mock.get(
        url,
        json={"city": "Oslo", "temperature": -3, "condition": "Snow", "humidity": 80},
        match=[matchers.query_param_matcher({"city": "Oslo"})],
    )

    weather = weather_service.fetch_current_weather("Oslo")

    assert weather == {"city": "Oslo", "temperature": -3, "condition": "Snow"}


def test_weather_client_falls_back_to_the_requested_city(app_context, weather_api):
    """When the provider leaves out the city, the requested name is used."""
    mock, url = weather_api
    mock.get(url, json={"temperature": 21, "condition": "Sun"})

    assert weather_service.fetch_current_weather("Rome")["city"] == "Rome"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ({"status": 502}, "502"),
        ({"body": requests.exceptions.Timeout("read timed out")}, "timed out"),
        ({"body": requests.exceptions.ConnectionError("refused")}, "refused"),
        ({"body": "not json"}, "Expecting value"),
        ({"json": ["a", "list"]}, "expected a JSON object, got list"),
        ({"json": {"temperature": 5}}, "condition"),
    ],
    ids=["bad-gateway", "timeout", "connection-refused", "not-json", "json-list", "missing-condition"],
)
def test_weather_client_turns_every_failure_into_weather_unavailable(app_context, weather_api, reply, reason):
    """Whatever goes wrong with the provider, callers see one exception type."""
    mock, url = weather_api
    mock.get(url, **reply)

    with pytest.raises(WeatherUnavailable, match=reason):
        weather_service.fetch_current_weather("Oslo")


@pytest.mark.parametrize(
    "bug",
    [
        TypeError("unsupported operand type(s)"),
        AttributeError("'NoneType' object has no attribute 'json'"),
        KeyError("WEATHER_API_URL"),
    ],
    ids=["type-error", "attribute-error", "key-error"],
)
def test_weather_client_lets_programming_errors_through(app_context, bug):
    """Errors from our own code are not the provider's fault, so they are never turned into WeatherUnavailable."""
    with patch("sample_app.services.weather_service.requests.get", side_effect=bug), pytest.raises(type(bug)):
        weather_service.fetch_current_weather("Oslo")


def test_weather_client_uses_the_configured_timeout(app_context, monkeypatch):
    """requests.get is always given WEATHER_API_TIMEOUT, so a hung provider cannot hang us."""
    monkeypatch.setitem(app_context.config, "WEATHER_API_TIMEOUT", 1.5)

    with (
        patch("sample_app.services.weather_service.requests.get", side_effect=requests.exceptions.Timeout) as get,
        pytest.raises(WeatherUnavailable),
    ):
        weather_service.fetch_current_weather("Oslo")

    assert get.call_args.kwargs["timeout"] == 1.5


# --- tokens ---------------------------------------------------------------------------------------


# --8<-- [start:string-subject]
def test_generate_token_uses_a_string_subject(app_context):
    """Access tokens carry the user id as a string subject, as flask-jwt-extended 4.7 requires."""
    claims = decode_token(auth_service.generate_token(7))

    assert (claims["sub"], claims["type"]) == ("7", "access")


# --8<-- [end:string-subject]


def test_generate_token_honours_expires_in(app_context):
    """expires_in sets the lifetime in seconds, measured from the token's own iat."""
    claims = decode_token(auth_service.generate_token(7, expires_in=90))

    assert claims["exp"] - claims["iat"] == 90


@pytest.mark.parametrize(
    ("options", "fresh"),
    [({"fresh": True}, True), ({"fresh": False}, False), ({}, False)],
    ids=["fresh", "not-fresh", "not-fresh-by-default"],
)
def test_generate_token_marks_freshness(app_context, options, fresh):
    """Only fresh=True, for tokens issued right after a password check, gives a fresh token."""
    assert decode_token(auth_service.generate_token(7, **options))["fresh"] is fresh


def test_generate_refresh_token_is_a_refresh_token(app_context):
    """Refresh tokens are marked as such, so they cannot be used as access tokens."""
    claims = decode_token(auth_service.generate_refresh_token(7))

    assert (claims["sub"], claims["type"]) == ("7", "refresh")


# --- the OAuth provider client -------------------------------------------------------------------


def test_code_challenge_follows_rfc_7636():
    """The S256 challenge of the RFC's example verifier is the RFC's example challenge (appendix B)."""
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    assert oauth_provider.code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


# --- clock and metrics ----------------------------------------------------------------------------


def test_clock_now_is_timezone_aware_utc():
    """clock.now() returns an aware UTC datetime, never a naive one."""
    assert clock.now().tzinfo == UTC


def test_metrics_count_by_name_and_tags():
    """increment counts per name and tags; total and as_dict add the tags up."""
    collector = metrics.Metrics()
    collector.increment("errors_total", {"status": "500"})
    collector.increment("errors_total", {"status": "404"})
    collector.increment("errors_total", {"status": "500"})
    collector.increment("http_requests_total")

    assert collector.total("errors_total") == 3
    assert collector.total("never_seen") == 0
    assert collector.as_dict() == {"errors_total": 3, "http_requests_total": 1}


def test_get_metrics_returns_the_current_apps_collector(app_context):
    """get_metrics() is the collector stored on the app that is active right now."""
    assert metrics.get_metrics() is app_context.extensions["metrics"]
