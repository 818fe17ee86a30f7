"""Lesson 6 challenge: the title test you are given. It passes, with or without the bug."""

NEW_POST = {"title": "Testing Flask", "content": "Fixtures make it pleasant."}


def test_post_without_a_title_is_refused(client, auth_headers):
    """A post with no title answers 400, and the errors name the title."""
    body = {"content": NEW_POST["content"]}

    response = client.post("/api/posts", json=body, headers=auth_headers)

    assert response.status_code == 400
    assert response.get_json()["errors"] == {"title": ["This field is required."]}
