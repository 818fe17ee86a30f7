"""User accounts over the API: listing, looking up, registering, and the admin-only list."""

import pytest

from sample_app.extensions import db
from sample_app.models import User

from .helpers import count_rows

NEW_USER = {"username": "newuser", "email": "new@example.com", "password": "s3cretpass"}


# --- reading ------------------------------------------------------------------------------------


# --8<-- [start:public-user-view]
PUBLIC_FIELDS = {"id", "username", "created_at"}


def test_list_users_shows_only_public_fields(client, user, admin_user):
    """GET /api/users lists every account by name, without anyone's email or role."""
    response = client.get("/api/users")

    assert response.status_code == 200
    entries = response.get_json()
    assert [entry["username"] for entry in entries] == ["testuser", "admin"]
    assert all(set(entry) == PUBLIC_FIELDS for entry in entries)
    assert "@example.com" not in response.get_data(as_text=True)


def test_get_user_shows_only_public_fields(client, admin_user):
    """GET /api/users/<id> names the account, but neither its email nor that it is an admin."""
    response = client.get(f"/api/users/{admin_user.id}")

    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == PUBLIC_FIELDS
    assert (data["id"], data["username"]) == (admin_user.id, "admin")


# --8<-- [end:public-user-view]


@pytest.mark.parametrize("user_id", [999, 2**64], ids=["unknown", "beyond-64-bit"])
def test_get_unknown_user_is_not_found(client, user_id):
    """An id with no user answers the 404 envelope, even one too large for the database."""
    response = client.get(f"/api/users/{user_id}")

    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"
    assert response.get_json()["message"] == "User not found."


# --- registering --------------------------------------------------------------------------------


def test_create_user_returns_201_and_the_new_user(client):
    """POST /api/users answers 201, the user dict and a Location header pointing at it."""
    response = client.post("/api/users", json=NEW_USER)

    assert response.status_code == 201
    data = response.get_json()
    assert data["username"] == "newuser"
    assert data["email"] == "new@example.com"
    assert response.headers["Location"] == f"/api/users/{data['id']}"
    assert "password" not in response.get_data(as_text=True)


def test_created_user_can_log_in_with_the_password(client):
    """The password is stored (hashed) so that the new user can log in with it."""
    client.post("/api/users", json=NEW_USER)

    response = client.post("/api/auth/login", json={"username": "newuser", "password": "s3cretpass"})

    assert response.status_code == 200


def test_created_user_password_is_stored_hashed(app, client):
    """The database holds a hash, never the password itself."""
    client.post("/api/users", json=NEW_USER)

    with app.app_context():
        stored = db.session.scalar(db.select(User).filter_by(username="newuser"))
        assert stored.password_hash != NEW_USER["password"]
        assert stored.check_password(NEW_USER["password"])


def test_email_is_stored_lower_case(client):
    """Emails are normalised to lower case, as the HTML form does."""
    response = client.post("/api/users", json=NEW_USER | {"email": "New.User@Example.COM"})

    assert response.get_json()["email"] == "new.user@example.com"


@pytest.mark.parametrize("missing", ["username", "email", "password"])
def test_create_user_without_a_field_is_a_bad_request(client, missing):
    """Each of username, email and password is required."""
    body = {key: value for key, value in NEW_USER.items() if key != missing}

    response = client.post("/api/users", json=body)

    assert response.status_code == 400
    assert response.get_json()["errors"] == {missing: ["This field is required."]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ab"),
        ("username", "a" * 31),
        ("username", "has space"),
        ("username", "<script>alert(1)</script>"),
        ("username", "../etc"),
        ("username", "Admin"),
        ("username", "root"),
        ("username", 42),
        ("email", "not-an-email"),
        ("email", "user@localhost"),
        ("email", "a" * 110 + "@example.com"),
        ("email", ["new@example.com"]),
        ("password", "short1"),
        ("password", "onlyletters"),
        ("password", "1234567890"),
        ("password", "a1" * 65),
        ("password", None),
    ],
    ids=[
        "username-too-short",
        "username-too-long",
        "username-with-space",
        "username-with-markup",
        "username-path-traversal",
        "username-reserved-any-case",
        "username-reserved",
        "username-number",
        "email-no-at-sign",
        "email-special-use-domain",
        "email-too-long",
        "email-list",
        "password-too-short",
        "password-no-digit",
        "password-no-letter",
        "password-too-long",
        "password-null",
    ],
)
def test_create_user_rejects_invalid_values(app, client, field, value):
    """Bad values answer 400 with a message under that field, and create nobody."""
    response = client.post("/api/users", json=NEW_USER | {field: value})

    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert list(errors) == [field]
    assert errors[field][0]
    assert count_rows(app, User) == 0


@pytest.mark.parametrize("username", ["a.b", "user_1", "x-y-z", "A" * 30])
def test_create_user_accepts_allowed_usernames(client, username):
    """Letters, digits, '_', '.' and '-', from 3 to 30 characters, are allowed."""
    response = client.post("/api/users", json=NEW_USER | {"username": username})

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "testuser"}, "username", "Username already exists"),
        ({"username": "TestUser"}, "username", "Username already exists"),
        ({"email": "test@example.com"}, "email", "Email already exists"),
        ({"email": "TEST@example.com"}, "email", "Email already exists"),
    ],
    ids=["same-username", "username-other-case", "same-email", "email-other-case"],
)
def test_create_user_refuses_duplicates(app, client, user, changes, field, message):
    """A username or email already in use (in any letter case) answers 400 and saves nothing."""
    response = client.post("/api/users", json=NEW_USER | changes)

    assert response.status_code == 400
    assert response.get_json()["message"] == message
    assert response.get_json()["errors"] == {field: [message]}
    assert count_rows(app, User) == 1


def test_duplicate_that_slips_past_the_check_keeps_existing_data(app, client, user, mocker):
    """If a twin registers between our check and the commit, the answer is 400 and nothing is lost."""
    # Simulates the race: the pre-check sees no duplicate, the unique constraint does.
    mocker.patch("sample_app.accounts.username_taken", return_value=False)

    response = client.post("/api/users", json=NEW_USER | {"username": "testuser"})

    assert response.status_code == 400
    assert response.get_json()["message"] == "Username or email already exists"
    assert count_rows(app, User) == 1
    login = client.post("/api/auth/login", json={"username": "testuser", "password": "password123"})
    assert login.status_code == 200


def test_create_user_ignores_fields_it_does_not_know(app, client):
    """Sending is_admin does not make the new account an administrator."""
    response = client.post("/api/users", json=NEW_USER | {"is_admin": True})

    assert response.status_code == 201
    assert response.get_json()["is_admin"] is False


# --- the current user and the admin list --------------------------------------------------------


def test_me_returns_the_token_owner(client, auth_headers):
    """GET /api/users/me answers the whole record of the user the access token belongs to."""
    response = client.get("/api/users/me", headers=auth_headers)

    assert response.status_code == 200
    data = response.get_json()
    assert (data["username"], data["email"], data["is_admin"]) == ("testuser", "test@example.com", False)


def test_me_without_a_token_is_unauthorized(client):
    """GET /api/users/me without a token answers 401."""
    assert client.get("/api/users/me").status_code == 401


# --8<-- [start:admin-endpoint]
def test_admin_user_list_is_available_to_admins(client, user, admin_headers):
    """An administrator's token lists every user, with emails and roles."""
    response = client.get("/api/admin/users", headers=admin_headers)

    assert response.status_code == 200
    assert {(entry["username"], entry["is_admin"]) for entry in response.get_json()} == {
        ("testuser", False),
        ("admin", True),
    }


def test_admin_user_list_is_forbidden_to_regular_users(client, auth_headers):
    """A regular user's token answers 403 in the JSON envelope."""
    response = client.get("/api/admin/users", headers=auth_headers)

    assert response.status_code == 403
    assert response.get_json()["error"] == "Forbidden"


def test_admin_user_list_requires_a_token(client):
    """Without any token the admin list answers 401."""
    assert client.get("/api/admin/users").status_code == 401


# --8<-- [end:admin-endpoint]
