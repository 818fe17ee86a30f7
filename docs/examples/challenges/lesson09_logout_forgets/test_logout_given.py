"""Lesson 9 challenge: the logout test you are given. It passes, with or without the bug."""


def test_logout_sends_the_user_home(auth_client):
    """POST /logout redirects to the home page."""
    response = auth_client.post("/logout")

    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/"
