"""Outgoing email through Flask-Mail."""

from flask import current_app
from flask_mail import Message

from ..extensions import mail


def send_email(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text email; in tests Flask-Mail records it instead."""
    message = Message(subject=subject, recipients=[to], body=body)
    mail.send(message)
    current_app.logger.info("sent email %r to %s", subject, to)


def send_welcome_email(username: str, email: str) -> None:
    send_email(
        to=email,
        subject="Welcome to Sample Blog",
        body=f"Hi {username},\n\nYour account is ready. Happy writing!\n",
    )
