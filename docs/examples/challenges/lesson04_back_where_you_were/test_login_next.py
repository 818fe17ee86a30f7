"""Lesson 4 challenge, solved: the journey from a protected page, through the login form, and back."""

from urllib.parse import parse_qs, urlsplit


# --8<-- [start:solution]
def test_visitor_is_sent_to_login_with_the_page_to_return_to(client):
    """A protected page redirects a visitor to the login form, remembering where they were going."""
    response = client.get("/profile")

    assert response.status_code in (302, 303)
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": ["/profile"]}, response.headers["Location"]


def test_visitor_logs_in_and_lands_on_the_profile(client, user):
    """Logging in through the form the redirect named ends on the page the visitor asked for."""
    login_url = client.get("/profile").headers["Location"]

    response = client.post(
        login_url, data={"username": user.username, "password": user.password}, follow_redirects=True
    )

    assert response.status_code == 200
    assert response.request.path == "/profile", f"ended on {response.request.path}"
    assert len(response.history) == 1, [step.status_code for step in response.history]
    assert response.history[0].status_code in (302, 303)
    assert user.email in response.text


# --8<-- [end:solution]
