"""Lesson 8 challenge, solved: keep plain data from the factory, not the ORM object."""

from sample_app.tests.factories import UserFactory


def test_public_profile_shows_the_username_and_no_email(app, client):
    """GET /api/users/<id> shows who the user is, without their email."""
    with app.app_context():
        author_id = UserFactory(username="grace").id

    response = client.get(f"/api/users/{author_id}")

    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["username"]) == (author_id, "grace")
    assert "email" not in body, f"the public profile shows the email: {body}"
