"""CSRF protection with Flask-WTF switched on, as in production.

The shared test config turns CSRF off so other tests can post forms directly;
this module overrides ``app_config`` to turn it back on for every test here.
"""

import pytest
from bs4 import BeautifulSoup
from flask import g

from sample_app.extensions import db
from sample_app.models import User

NEW_USER = {
    "username": "newuser",
    "email": "new@example.com",
    "password": "StrongPass123!",
    "confirm_password": "StrongPass123!",
}


@pytest.fixture
def app_config(app_config):
    """The shared configuration, with CSRF protection on."""
    return app_config | {"WTF_CSRF_ENABLED": True}


def csrf_token_from_form(response) -> str:
    """The token a browser would send back: the form's hidden csrf_token input."""
    return BeautifulSoup(response.text, "html.parser").find("input", attrs={"name": "csrf_token"})["value"]


def test_form_post_without_token_is_refused(client, app):
    """A POST without the token is a 400, and the form's action does not happen."""
    response = client.post("/register", data=NEW_USER)

    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(User).filter_by(username="newuser")) is None


def test_form_post_with_a_forged_token_is_refused(client):
    """A token the server did not issue is refused."""
    client.get("/register")

    response = client.post("/register", data=NEW_USER | {"csrf_token": "forged"})

    assert response.status_code == 400


def test_form_post_with_token_from_g_succeeds(client, user):
    """Inside ``with client:``, ``g.csrf_token`` holds the token the page just rendered."""
    with client:
        client.get("/login")
        token = g.csrf_token

    response = client.post(
        "/login", data={"username": user.username, "password": user.password, "csrf_token": token}
    )

    assert response.headers["Location"] == "/dashboard"


def test_form_post_with_token_from_the_page_succeeds(client):
    """The token can also be read from the hidden input, as a browser would submit it."""
    token = csrf_token_from_form(client.get("/register"))

    response = client.post("/register", data=NEW_USER | {"csrf_token": token})

    assert response.status_code == 200
    assert "Registration successful" in response.text


def test_delete_button_carries_the_token(client, user, posts):
    """The post page's Delete button, a form outside WTForms, sends a valid token too."""
    # Logging in through the session skips the login form and its own token.
    with client.session_transaction() as session:
        session["user_id"] = user.id
    token = csrf_token_from_form(client.get(f"/posts/{posts[0]}"))

    response = client.post(f"/posts/{posts[0]}/delete", data={"csrf_token": token})

    assert response.headers["Location"] == "/dashboard"


def test_json_api_is_exempt(client, user):
    """The JSON API authenticates without cookies, so it needs no CSRF token."""
    response = client.post("/api/auth/login", json={"username": user.username, "password": user.password})

    assert response.status_code == 200
    assert "access_token" in response.get_json()


def test_admin_buttons_carry_the_token(client, admin_user, user):
    """The admin page's Make admin buttons send a valid token too."""
    with client.session_transaction() as session:
        session["user_id"] = admin_user.id
    page = BeautifulSoup(client.get("/admin/").text, "html.parser")
    form = page.find("form", action=f"/admin/users/{user.id}/toggle-admin")
    token = form.find("input", attrs={"name": "csrf_token"})["value"]

    response = client.post(form["action"], data={"csrf_token": token})

    assert response.headers["Location"] == "/admin/"
