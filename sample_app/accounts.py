"""User accounts: the rules for usernames, emails and passwords, and the lookups behind them.

The HTML forms, the JSON API and the CLI all create and check accounts through this
module, so one account follows one set of rules wherever it comes from. A check
returns the cleaned value or raises ``FieldError`` with a message for the user.
"""

import functools
import re
import secrets
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .models import User

USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 30
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]+")
# Names that would let an account pass for the site itself or collide with a URL.
RESERVED_USERNAMES = frozenset(
    {
        "admin",
        "root",
        "administrator",
        "system",
        "api",
        "login",
        "logout",
        "register",
        "static",
        "support",
        "null",
    }
)
PASSWORD_MIN_LENGTH = 8
# Long enough for any passphrase, short enough that hashing stays cheap.
PASSWORD_MAX_LENGTH = 128
EMAIL_MAX_LENGTH = 120  # the width of User.email


class FieldError(ValueError):
    """A value breaks a rule; the message is shown to the user or API client."""


class AccountTaken(Exception):
    """The database already holds the username or email of an account being created."""


def username(value: Any) -> str:
    """A username of 3 to 30 letters, digits, '_', '.' or '-' that is not reserved."""
    if not isinstance(value, str):
        raise FieldError("Must be a string.")
    if not USERNAME_MIN_LENGTH <= len(value) <= USERNAME_MAX_LENGTH:
        raise FieldError(f"Must be {USERNAME_MIN_LENGTH} to {USERNAME_MAX_LENGTH} characters long.")
    if not USERNAME_PATTERN.fullmatch(value):
        raise FieldError("Use only letters, digits, '_', '.' and '-'.")
    if value.lower() in RESERVED_USERNAMES:
        raise FieldError("This username is reserved.")
    return value


def email(value: Any) -> str:
    """A syntactically valid address, lower-cased so that one mailbox means one account."""
    if not isinstance(value, str):
        raise FieldError("Must be a string.")
    try:
        address = validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise FieldError(str(error)) from None
    if len(address) > EMAIL_MAX_LENGTH:
        raise FieldError(f"Must be at most {EMAIL_MAX_LENGTH} characters long.")
    return address


def new_password(value: Any) -> str:
    """A password of 8 to 128 characters with at least one letter and one digit, kept as typed."""
    if not isinstance(value, str):
        raise FieldError("Must be a string.")
    if len(value) < PASSWORD_MIN_LENGTH:
        raise FieldError(f"Must be at least {PASSWORD_MIN_LENGTH} characters long.")
    if len(value) > PASSWORD_MAX_LENGTH:
        raise FieldError(f"Must be at most {PASSWORD_MAX_LENGTH} characters long.")
    # [^\W\d_] is "a letter": a word character that is neither a digit nor "_".
    if not (re.search(r"[^\W\d_]", value) and re.search(r"\d", value)):
        raise FieldError("Must contain at least one letter and one digit.")
    return value


def _is_taken(column, value: str, exclude_user_id: int | None) -> bool:
    condition = db.func.lower(column) == value.lower()
    if exclude_user_id is not None:
        condition &= User.id != exclude_user_id
    return bool(db.session.scalar(db.select(db.exists().where(condition))))


def username_taken(name: str) -> bool:
    """True if an account already has this username, ignoring case ("Alice" blocks "alice")."""
    return _is_taken(User.username, name, None)


def email_taken(address: str, *, exclude_user_id: int | None = None) -> bool:
    """True if an account other than ``exclude_user_id`` already has this email, ignoring case."""
    return _is_taken(User.email, address, exclude_user_id)


# --8<-- [start:authenticate]
@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash of a random password, made with ``method`` once per process."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(name: str, password: str) -> User | None:
    """The user with this exact username and password, or None for either mistake.

    An unknown username costs one hash check too, against a hash made with the configured
    method, so the time a login takes does not tell which usernames exist.
    """
    user = db.session.scalar(db.select(User).filter_by(username=name))
    stored = user.password_hash if user else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    if not check_password_hash(stored, password) or user is None:
        return None
    return user


# --8<-- [end:authenticate]


def create_user(name: str, address: str, password: str, *, is_admin: bool = False) -> User:
    """Store a new account with a hashed password; raise ``AccountTaken`` if the database refuses it."""
    user = User(username=name, email=address, is_admin=is_admin)
    user.set_password(password)
    return _store(user)


# A stored hash has the form "method$salt$hash"; werkzeug's check_password_hash is False for this.
NO_PASSWORD = "!"


def create_provider_user(name: str, address: str, subject: str) -> User:
    """Store an account that signs in through the OAuth provider only.

    The provider's username and email must pass the sign-up form's rules (``FieldError``),
    and ``AccountTaken`` means they belong to an account here already: that account is not
    taken over, its owner logs in with its password.
    """
    user = User(username=username(name), email=email(address), provider_subject=subject, password_hash=NO_PASSWORD)
    return _store(user)


def _store(user: User) -> User:
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # The unique constraints are the final word: someone may have registered the
        # same name or email between the caller's *_taken() check and this commit.
        db.session.rollback()
        raise AccountTaken from None
    return user
