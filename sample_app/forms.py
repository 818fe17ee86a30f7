"""Flask-WTF forms for the HTML pages: the validation rules live here, views stay thin.

Account fields (username, email, password) follow the same rules as the JSON API,
by calling the checks in ``accounts.py``: one account, one set of rules.
"""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from . import accounts
from .models import User

USERNAME_RULES = f"{accounts.USERNAME_MIN_LENGTH} to {accounts.USERNAME_MAX_LENGTH} letters, digits, '_', '.' or '-'."
PASSWORD_RULES = (
    f"Password must be {accounts.PASSWORD_MIN_LENGTH} to {accounts.PASSWORD_MAX_LENGTH} "
    "characters long and include a letter and a digit."
)
WEAK_PASSWORD = "That password is too weak; see the rules above."
PASSWORDS_MUST_MATCH = "Passwords must match."


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


def account_rule(check, message: str | None = None):
    """Turn one of the checks in ``accounts`` into a WTForms validator that keeps the cleaned value."""

    def validator(form, field) -> None:
        try:
            field.data = check(field.data)
        except accounts.FieldError as error:
            raise ValidationError(message or str(error)) from None

    return validator


def email_field() -> EmailField:
    # The check stores addresses lower-case, so "Bob@Example.com" cannot sign up twice.
    return EmailField("Email", validators=[DataRequired(), account_rule(accounts.email)])


def required_text(field: Field) -> str:
    """The text of a DataRequired field, read once its form has validated (so it is never None)."""
    if not isinstance(field.data, str):
        raise TypeError(f"{field.name} holds {field.data!r}: read it only after the form has validated")
    return field.data


def form_status(form: FlaskForm) -> int:
    """The status for re-rendering ``form``: 200 when it is blank, 400 when a submission failed."""
    return 400 if form.is_submitted() else 200


class RegistrationForm(FlaskForm):
    username = StringField(
        "Username",
        filters=[strip_whitespace],
        validators=[DataRequired(), account_rule(accounts.username)],
        description=USERNAME_RULES,
    )
    email = email_field()
    password = PasswordField(
        "Password",
        validators=[DataRequired(), account_rule(accounts.new_password, WEAK_PASSWORD)],
        description=PASSWORD_RULES,
    )
    confirm_password = PasswordField(
        "Confirm password", validators=[DataRequired(), EqualTo("password", message=PASSWORDS_MUST_MATCH)]
    )

    # Each field's own rules run first; only a value they accepted is looked up.
    def validate_username(self, field) -> None:
        if not field.errors and accounts.username_taken(field.data):
            raise ValidationError("Username already taken")

    def validate_email(self, field) -> None:
        if not field.errors and accounts.email_taken(field.data):
            raise ValidationError("Email already registered")


class LoginForm(FlaskForm):
    username = StringField("Username", filters=[strip_whitespace], validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


class SettingsForm(FlaskForm):
    """Email and bio for everyone; a new password only together with the current one."""

    email = email_field()
    bio = TextAreaField("Bio", filters=[strip_whitespace], validators=[Length(max=500)])
    current_password = PasswordField("Current password", description="Needed only to set a new password.")
    new_password = PasswordField(
        "New password",
        validators=[Optional(), account_rule(accounts.new_password, WEAK_PASSWORD)],
        description=PASSWORD_RULES,
    )
    confirm_password = PasswordField(
        "Confirm new password", validators=[EqualTo("new_password", message=PASSWORDS_MUST_MATCH)]
    )

    def __init__(self, user: User, **kwargs) -> None:
        super().__init__(obj=user, **kwargs)
        self.user = user

    def validate_email(self, field) -> None:
        if not field.errors and accounts.email_taken(field.data, exclude_user_id=self.user.id):
            raise ValidationError("Email already registered")

    def validate_current_password(self, field) -> None:
        if self.new_password.data and not self.user.check_password(field.data or ""):
            raise ValidationError("Current password is incorrect.")


class PostForm(FlaskForm):
    title = StringField("Title", filters=[strip_whitespace], validators=[DataRequired(), Length(max=200)])
    content = TextAreaField("Content", validators=[DataRequired(), Length(max=100_000)])
    # Ticked on a new post's form; an unticked box saves a draft.
    published = BooleanField("Published", default=True)
