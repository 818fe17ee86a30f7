"""Lesson 4 challenge, the starting point: a visitor who asks for their profile before logging in."""


def test_visitor_logs_in_and_lands_on_the_profile(client, user):
    """A visitor sent to the login form ends up on the page they asked for."""
    response = client.get("/profile")

    assert response.status_code == 200
    assert user.email in response.text
