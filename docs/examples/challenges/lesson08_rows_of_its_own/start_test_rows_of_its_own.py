"""Lesson 8 challenge: the second test counts on a row the first test wrote."""

WRITER = {
    "username": "writer",
    "email": "writer@example.com",
    "password": "password123",
}


def test_registering_through_the_api_creates_the_account(client):
    """POST /api/users answers 201 with the new account."""
    response = client.post("/api/users", json=WRITER)

    assert response.status_code == 201
    assert response.get_json()["username"] == "writer"


def test_a_registered_user_can_log_in_for_a_token(client):
    """The account registered above logs in and gets an access token."""
    response = client.post("/api/auth/login", json={"username": "writer", "password": "password123"})

    assert response.status_code == 200
    assert "access_token" in response.get_json()
