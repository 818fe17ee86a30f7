"""Three checks of the public site; the first two are the smoke tests to run after every deploy."""

import pytest


@pytest.mark.smoke
def test_home_page_answers_200(client):
    """The home page is up."""
    response = client.get("/")

    assert response.status_code == 200, f"GET / answered {response.status_code}"


@pytest.mark.smoke
def test_login_page_shows_the_login_form(client):
    """The login page serves its form."""
    response = client.get("/login")

    assert response.status_code == 200, f"GET /login answered {response.status_code}"
    assert b'name="password"' in response.data, "the login page has no password field"


def test_logged_in_user_sees_the_dashboard(auth_client):
    """A logged-in user's dashboard greets them by name."""
    response = auth_client.get("/dashboard")

    assert response.status_code == 200, f"GET /dashboard answered {response.status_code}"
    assert b"testuser" in response.data, "the dashboard does not name its user"
