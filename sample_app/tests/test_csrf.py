"""CSRF protection with Flask-WTF switched on, as in production.

The shared test config turns CSRF off so other tests can post forms directly;
this module overrides ``app_config`` to turn it back on for every test here.
"""

import pytest
from flask import g

from sample_app.extensions import db
from sample_app.models import Upload, User

from .helpers import (
    REGISTRATION_FORM,
    count_rows,
    create_post,
    csrf_token,
    html,
    log_in_through_session,
    sent_from_files,
)


# --8<-- [start:fixtures-override-module]
@pytest.fixture
def app_config(app_config):
    """The shared configuration, with CSRF protection on."""
    return app_config | {"WTF_CSRF_ENABLED": True}


# --8<-- [end:fixtures-override-module]


# --8<-- [start:integration-csrf-refused]
def test_form_post_without_token_is_refused(client, app):
    """A POST without the token is a 400, and the form's action does not happen."""
    response = client.post("/register", data=REGISTRATION_FORM)

    assert response.status_code == 400
    assert count_rows(app, User) == 0


# --8<-- [end:integration-csrf-refused]


def test_form_post_with_a_forged_token_is_refused(client):
    """A token the server did not issue is refused."""
    client.get("/register")

    response = client.post("/register", data=REGISTRATION_FORM | {"csrf_token": "forged"})

    assert response.status_code == 400


# --8<-- [start:integration-csrf-g-token]
def test_form_post_with_token_from_g_succeeds(client, user):
    """Inside ``with client:``, ``g.csrf_token`` holds the token the page just rendered."""
    with client:
        client.get("/login")
        token = g.csrf_token

    response = client.post("/login", data={"username": user.username, "password": user.password, "csrf_token": token})

    assert response.headers["Location"] == "/dashboard"


# --8<-- [end:integration-csrf-g-token]


# --8<-- [start:integration-csrf-page-token]
def test_form_post_with_token_from_the_page_succeeds(client):
    """The token can also be read from the hidden input, as a browser would submit it."""
    token = csrf_token(client.get("/register"))

    response = client.post("/register", data=REGISTRATION_FORM | {"csrf_token": token})

    assert response.status_code == 200
    assert "Registration successful" in response.text


# --8<-- [end:integration-csrf-page-token]


def test_delete_button_carries_the_token(client, user, posts):
    """The post page's Delete button, a form outside WTForms, sends a valid token too."""
    # Logging in through the session skips the login form and its own token.
    log_in_through_session(client, user.id)
    token = csrf_token(client.get(f"/posts/{posts[0]}"))

    response = client.post(f"/posts/{posts[0]}/delete", data={"csrf_token": token})

    assert response.headers["Location"] == "/dashboard"


def test_json_api_is_exempt(client, user):
    """The JSON API authenticates without cookies, so it needs no CSRF token."""
    response = client.post("/api/auth/login", json={"username": user.username, "password": user.password})

    assert response.status_code == 200
    assert "access_token" in response.get_json()


def test_admin_buttons_carry_the_token(client, admin_user, user):
    """The admin page's Make admin buttons send a valid token too."""
    log_in_through_session(client, admin_user.id)
    form = html(client.get("/admin/")).find("form", action=f"/admin/users/{user.id}/toggle-admin")
    assert form is not None
    token = form.find("input", attrs={"name": "csrf_token"})
    assert token is not None

    response = client.post(form["action"], data={"csrf_token": token["value"]})

    assert response.headers["Location"] == "/admin/"


def test_form_upload_without_token_is_refused(app, client, user):
    """A cross-site form cannot upload in a user's name without the page's token."""
    log_in_through_session(client, user.id)

    response = client.post("/upload", data={"file": sent_from_files("hello.txt")})

    assert response.status_code == 400
    assert count_rows(app, Upload) == 0


def test_form_upload_with_the_page_token_succeeds(client, user):
    """The token from the upload page, a form outside WTForms, lets the same client upload."""
    log_in_through_session(client, user.id)
    token = csrf_token(client.get("/upload"))

    response = client.post("/upload", data={"file": sent_from_files("hello.txt"), "csrf_token": token})

    assert response.status_code == 200


# --8<-- [start:api-upload-csrf]
def test_api_upload_by_session_cookie_without_token_is_refused(app, client, user):
    """A forged cross-site POST carries the victim's cookie but not the token: 400, nothing stored."""
    log_in_through_session(client, user.id)

    response = client.post("/api/upload", data={"file": sent_from_files("hello.txt")})

    assert response.status_code == 400
    assert "CSRF token" in response.get_json()["message"]
    assert count_rows(app, Upload) == 0


def test_api_upload_by_session_cookie_with_the_token_header_succeeds(client, user):
    """A page of our own sends the token in X-CSRFToken, and the upload is the user's."""
    log_in_through_session(client, user.id)
    token = csrf_token(client.get("/upload"))

    response = client.post("/api/upload", data={"file": sent_from_files("hello.txt")}, headers={"X-CSRFToken": token})

    assert response.status_code == 200
    assert response.get_json()["owner_id"] == user.id


def test_api_upload_with_a_bearer_token_needs_no_csrf_token(client, user, auth_headers):
    """A browser never adds the Authorization header by itself, so a token is proof enough."""
    response = client.post("/api/upload", data={"file": sent_from_files("hello.txt")}, headers=auth_headers)

    assert response.status_code == 200
    assert response.get_json()["owner_id"] == user.id


def test_anonymous_api_upload_needs_no_token(client):
    """Without a cookie there is no one to impersonate: the upload has no owner."""
    response = client.post("/api/upload", data={"file": sent_from_files("hello.txt")})

    assert response.status_code == 200
    assert response.get_json()["owner_id"] is None


# --8<-- [end:api-upload-csrf]


# --- CSRF: no token, no change, on every HTML form --------------------------------------------------


def database_contents(app) -> dict:
    """Every row of every table, as plain tuples in primary-key order."""
    with app.app_context():
        return {
            table.name: db.session.execute(db.select(table).order_by(*table.primary_key.columns)).all()
            for table in db.metadata.sorted_tables
        }


# --8<-- [start:csrf-every-form]
# Every HTML form route, with a body that would succeed with a token.
FORMS = {
    "/register": {
        "username": "newcomer",
        "email": "new@example.com",
        "password": "n3w-pass-word",
        "confirm_password": "n3w-pass-word",
    },
    "/login": {"username": "otheruser", "password": "password123"},
    "/logout": {},
    "/settings": {"email": "changed@example.com", "bio": "changed"},
    "/posts/new": {"title": "Forged", "content": "Forged", "published": "y"},
    "/posts/<int:post_id>/edit": {"title": "Forged", "content": "Forged"},
    "/posts/<int:post_id>/delete": {},
    "/upload": {"file": "hello.txt"},
    "/upload/image": {"image": "red_3x2.png"},
    "/admin/users/<int:user_id>/toggle-admin": {},
    "/admin/users/<int:user_id>/delete": {},
}


@pytest.mark.parametrize("rule", FORMS)
def test_a_form_post_without_the_csrf_token_is_refused_and_changes_nothing(app, client, admin_user, other_user, rule):
    """A forged cross-site form carries the cookie but not the token: 400, and every row stays as it was."""
    post_id = create_post(app, admin_user.id)
    log_in_through_session(client, admin_user.id)
    path = rule.replace("<int:post_id>", str(post_id)).replace("<int:user_id>", str(other_user.id))
    data = {name: sent_from_files(value) if name in ("file", "image") else value for name, value in FORMS[rule].items()}
    before = database_contents(app)

    response = client.post(path, data=data)

    assert response.status_code == 400
    assert database_contents(app) == before
    with client.session_transaction() as session:
        assert session["user_id"] == admin_user.id


def test_every_html_form_route_is_in_the_csrf_table(app):
    """A new form route fails here until it is shown to refuse a post without the token."""
    posted = {
        rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and not rule.rule.startswith("/api/")
    }

    assert posted == set(FORMS)


# --8<-- [end:csrf-every-form]


def test_the_forms_in_the_table_succeed_with_the_token(app, client, admin_user, other_user):
    """The check can fail: with the page's token, the same forged settings change is saved."""
    log_in_through_session(client, admin_user.id)
    with client:
        client.get("/settings")
        token = g.csrf_token

    response = client.post("/settings", data=FORMS["/settings"] | {"csrf_token": token})

    assert response.headers["Location"] == "/profile"
