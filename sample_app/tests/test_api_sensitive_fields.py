"""Password hashes, passwords and tokens never appear in what the API answers about users."""

import re

import pytest

from sample_app.extensions import db
from sample_app.models import User

from .helpers import create_post

# --8<-- [start:sensitive-walker]
# Key names that must never reach a client, matched anywhere in the name: "password_hash",
# "reset_token" and "apiSecret" are all caught.
SENSITIVE_KEY = re.compile(r"password|hash|token|secret|salt", re.IGNORECASE)


def keys_anywhere(value) -> list[str]:
    """Every key of every object in a parsed JSON value, however deeply nested in lists and objects."""
    if isinstance(value, dict):
        return [key for key, item in value.items() for key in (key, *keys_anywhere(item))]
    if isinstance(value, list):
        return [key for item in value for key in keys_anywhere(item)]
    return []


def sensitive_keys(response) -> list[str]:
    """The keys of the response's JSON, at any depth, whose names say they hold a secret."""
    return [key for key in keys_anywhere(response.get_json()) if SENSITIVE_KEY.search(key)]


def leaked_values(app, response, passwords: list[str]) -> list[str]:
    """The stored password hashes, and the plain ``passwords``, that appear anywhere in the body."""
    with app.app_context():
        hashes = list(db.session.scalars(db.select(User.password_hash)))
    body = response.get_data(as_text=True)
    return [secret for secret in [*hashes, *passwords] if secret in body]


# --8<-- [end:sensitive-walker]


def test_walker_finds_a_sensitive_key_at_any_depth():
    """The check can fail: a hash nested in a list inside an object is found."""
    leaky = {"items": [{"author": {"username": "ada", "password_hash": "pbkdf2:..."}}], "total": 1}

    assert keys_anywhere(leaky) == ["items", "author", "username", "password_hash", "total"]


# --8<-- [start:sensitive-endpoints]
# Every endpoint that answers with a user, a list of users, or something that embeds its author.
USER_ENDPOINTS = [
    pytest.param("/api/users", None, id="user-list"),
    pytest.param("/api/users/{user_id}", None, id="one-user"),
    pytest.param("/api/users/me", "user", id="current-user"),
    pytest.param("/api/admin/users", "admin", id="admin-user-list"),
    pytest.param("/api/posts", None, id="post-list-with-authors"),
    pytest.param("/api/posts/{post_id}", None, id="one-post-with-author"),
]


@pytest.mark.parametrize(("url", "token_of"), USER_ENDPOINTS)
def test_user_endpoints_answer_no_secret(app, client, user, admin_user, auth_headers, admin_headers, url, token_of):
    """No endpoint that shows users answers a hash, a password or a token, at any depth of its JSON."""
    post_id = create_post(app, user.id)
    headers = {"user": auth_headers, "admin": admin_headers, None: {}}[token_of]

    response = client.get(url.format(user_id=user.id, post_id=post_id), headers=headers)

    assert response.status_code == 200
    assert sensitive_keys(response) == []
    assert leaked_values(app, response, [user.password, admin_user.password]) == []


# --8<-- [end:sensitive-endpoints]


# --8<-- [start:sensitive-registration]
NEW_USER = {"username": "newuser", "email": "new@example.com", "password": "s3cretpass"}


def test_registration_answers_the_new_user_without_secrets(app, client):
    """The 201 for a new account holds no secret key, no hash and not the password just sent."""
    response = client.post("/api/users", json=NEW_USER)

    assert response.status_code == 201
    assert sensitive_keys(response) == []
    assert leaked_values(app, response, [NEW_USER["password"]]) == []


@pytest.mark.parametrize(
    "changes", [{"password": "onlyletters"}, {"username": "testuser"}], ids=["password-refused", "username-taken"]
)
def test_refused_registration_never_echoes_the_password(app, client, user, changes):
    """A 400 may name the password field in its errors, but never the value sent, nor a stored hash."""
    body = NEW_USER | changes

    response = client.post("/api/users", json=body)

    assert response.status_code == 400
    assert leaked_values(app, response, [body["password"], user.password]) == []


# --8<-- [end:sensitive-registration]
