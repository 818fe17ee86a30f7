"""The shop's tests, as a team might have them: the login works, for Ada, in a test app."""

import pytest
from shop import create_app


@pytest.fixture
def client():
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret-key"}).test_client()


def test_right_password_logs_in(client):
    """Ada's password logs her in."""
    response = client.post("/login", data={"username": "ada", "password": "correct horse"})

    assert response.get_json() == {"user": "ada"}


def test_wrong_password_is_refused(client):
    """A wrong password answers 401."""
    response = client.post("/login", data={"username": "ada", "password": "wrong horse"})

    assert response.status_code == 401
