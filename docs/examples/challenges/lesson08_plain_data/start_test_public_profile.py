"""Lesson 8 challenge: a user made with the factory, looked up through the API."""

from sample_app.tests.factories import UserFactory


def test_public_profile_shows_the_username_and_no_email(app, client):
    """GET /api/users/<id> shows who the user is, without their email."""
    with app.app_context():
        author = UserFactory(username="grace")

    response = client.get(f"/api/users/{author.id}")

    assert response.status_code == 200
    assert response.get_json()["username"] == "grace"
    assert "email" not in response.get_json()
