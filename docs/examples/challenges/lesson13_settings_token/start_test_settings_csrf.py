"""The settings form, with CSRF protection on: refused without the token, saved with it."""

import flask
import pytest

from sample_app.extensions import db
from sample_app.models import User
from sample_app.tests.helpers import log_in_through_session


@pytest.fixture
def app_config(app_config):
    """This module's apps check CSRF tokens, as the real site does."""
    return app_config | {"WTF_CSRF_ENABLED": True}


def stored_email(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def test_settings_post_without_a_token_is_refused(client, app, user):
    """A forged POST /settings, with no token, answers 400 and leaves the email as it was."""
    log_in_through_session(client, user.id)

    response = client.post("/settings", data={"email": "attacker@example.com"})

    assert response.status_code == 400, f"POST /settings without a token answered {response.status_code}"
    assert stored_email(app, user.id) == "test@example.com", "the forged POST changed the email"


def test_settings_post_with_the_issued_token_is_saved(client, app, user):
    """With the token the settings page issued, the new email is saved and the browser goes to the profile."""
    log_in_through_session(client, user.id)
    with client:
        client.get("/settings")
    token = flask.g.csrf_token

    response = client.post("/settings", data={"email": "new@example.com", "csrf_token": token})

    assert response.headers.get("Location") == "/profile", f"redirected to {response.headers.get('Location')}"
    assert stored_email(app, user.id) == "new@example.com", "the email was not saved"
