"""Lesson 8 challenge, solved: each test creates the rows it needs, whatever ran before it."""

from sample_app.models import User
from sample_app.tests.helpers import count_rows

WRITER = {
    "username": "writer",
    "email": "writer@example.com",
    "password": "password123",
}


def test_registering_through_the_api_creates_the_account(app, client):
    """POST /api/users answers 201 with the new account, and stores exactly one row."""
    response = client.post("/api/users", json=WRITER)

    assert response.status_code == 201
    assert response.get_json()["username"] == "writer"
    assert count_rows(app, User) == 1


def test_a_registered_user_can_log_in_for_a_token(client, user):
    """A stored account logs in and gets an access token."""
    response = client.post("/api/auth/login", json={"username": user.username, "password": user.password})

    assert response.status_code == 200, response.get_json()
    assert "access_token" in response.get_json()
