"""forms.py without HTTP: build a form inside a request context and call ``validate()``.

Faster and more precise than posting through the test client, for rules that
belong to the form itself; the view tests check that the pages use them.
"""

import pytest

from sample_app.extensions import db
from sample_app.forms import PostForm, RegistrationForm, SettingsForm, form_status
from sample_app.models import User

from .helpers import REGISTRATION_FORM


def test_registration_form_cleans_valid_data(app):
    """Surrounding spaces are dropped from the username and the email is stored lower-case."""
    data = REGISTRATION_FORM | {"username": "  newuser  ", "email": " New@Example.COM "}
    with app.test_request_context(method="POST", data=data):
        form = RegistrationForm()

        assert form.validate(), form.errors
        assert form.username.data == "newuser"
        assert form.email.data == "new@example.com"


def test_registration_form_keeps_passwords_as_typed(app):
    """Spaces inside or around a password are part of it."""
    data = REGISTRATION_FORM | {"password": " spaced pass 1 ", "confirm_password": " spaced pass 1 "}
    with app.test_request_context(method="POST", data=data):
        form = RegistrationForm()

        assert form.validate(), form.errors
        assert form.password.data == " spaced pass 1 "


def test_settings_form_starts_from_the_users_values(app, user):
    """A blank settings form is filled from the user it edits."""
    with app.test_request_context():
        form = SettingsForm(db.session.get_one(User, user.id))

        assert form.email.data == user.email
        assert form.current_password.data is None


def test_post_form_defaults_to_published(app):
    """A new post is published unless the author unticks the box."""
    with app.test_request_context():
        assert PostForm().published.data is True


@pytest.mark.parametrize(("method", "status"), [("GET", 200), ("POST", 400)])
def test_form_status_tells_a_blank_form_from_a_failed_one(app, method, status):
    """A form shown for the first time is a 200; one that failed validation, a 400."""
    with app.test_request_context(method=method):
        assert form_status(PostForm()) == status
