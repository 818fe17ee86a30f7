"""Lesson 9 challenge, solved: the proof of a logout is that protected pages turn the client away."""

from urllib.parse import urlsplit


def test_logout_sends_the_user_home(auth_client):
    """POST /logout redirects to the home page."""
    response = auth_client.post("/logout")

    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/"


def test_after_logout_the_dashboard_sends_the_visitor_to_login(auth_client):
    """Once logged out, the client is a stranger again: /dashboard redirects to the login form."""
    assert auth_client.get("/dashboard").status_code == 200, "the test should start logged in"

    auth_client.post("/logout")
    response = auth_client.get("/dashboard")

    assert response.status_code in (302, 303), f"/dashboard still answers {response.status_code} after logout"
    assert urlsplit(response.headers["Location"]).path == "/login"
