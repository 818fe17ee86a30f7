"""The welcome email that registration sends: recorded, mocked, and failing.

Three ways to check the same email, from the most real to the most isolated:
Flask-Mail's own recorder, ``unittest.mock.patch``, and pytest-mock's ``mocker``.
"""

import logging
import smtplib
from unittest.mock import patch

import pytest

from sample_app.extensions import mail
from sample_app.models import User
from sample_app.services import email_service

from .helpers import REGISTRATION_FORM, count_rows


# --8<-- [start:record-messages]
def test_registration_sends_a_welcome_email(client):
    """With TESTING on, Flask-Mail records the message instead of sending it."""
    with mail.record_messages() as outbox:
        response = client.post("/register", data=REGISTRATION_FORM)

    assert response.status_code == 200
    assert len(outbox) == 1
    message = outbox[0]
    assert message.recipients == ["new@example.com"]
    assert message.subject is not None and "Welcome" in message.subject
    assert message.body is not None and "newuser" in message.body


# --8<-- [end:record-messages]


# --8<-- [start:patch-send-email]
def test_registration_calls_send_email_with_unittest_mock(client):
    """Patching the service where the app looks it up replaces the real sender."""
    with patch("sample_app.services.email_service.send_email") as mock_send:
        response = client.post("/register", data=REGISTRATION_FORM)

    assert response.status_code == 200
    mock_send.assert_called_once()
    assert mock_send.call_args.kwargs["to"] == "new@example.com"
    assert "Welcome" in mock_send.call_args.kwargs["subject"]


def test_registration_calls_send_email_with_mocker(client, mocker):
    """pytest-mock's mocker patches the same way and undoes it after the test."""
    mock_send = mocker.patch("sample_app.services.email_service.send_email")

    client.post("/register", data=REGISTRATION_FORM)

    mock_send.assert_called_once_with(to="new@example.com", subject=mocker.ANY, body=mocker.ANY)


# --8<-- [end:patch-send-email]


def test_failed_registration_sends_no_email(client, mocker):
    """A form that fails validation creates nobody, so nobody is welcomed."""
    mock_send = mocker.patch("sample_app.services.email_service.send_email")

    response = client.post("/register", data=REGISTRATION_FORM | {"confirm_password": "something else 1"})

    assert response.status_code == 400
    mock_send.assert_not_called()


# --8<-- [start:mail-failure]
@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=["smtp-error", "network-error"],
)
def test_registration_survives_a_mail_failure(client, app, monkeypatch, caplog, error):
    """If the mail server fails, the user is still registered and the failure is logged."""

    def failing_send_email(**kwargs):
        raise error

    monkeypatch.setattr(email_service, "send_email", failing_send_email)

    with caplog.at_level(logging.WARNING):
        response = client.post("/register", data=REGISTRATION_FORM)

    assert response.status_code == 200
    assert "Registration successful" in response.text
    assert count_rows(app, User) == 1
    assert "Could not send the welcome email to new@example.com" in caplog.text
    assert str(error) in caplog.text


# --8<-- [end:mail-failure]
