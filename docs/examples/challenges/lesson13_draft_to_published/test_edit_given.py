"""Editing a post, one request at a time."""


def test_editing_a_draft_to_publish_it_confirms_the_update(auth_client, draft):
    """Publishing a draft through its edit form lands on the post with "Post updated."."""
    response = auth_client.post(
        f"/posts/{draft}/edit",
        data={"title": "Secret draft", "content": "Ready now.", "published": "y"},
        follow_redirects=True,
    )

    assert response.request.path == f"/posts/{draft}", f"the edit ended on {response.request.path}"
    assert "Post updated." in response.text, "the page does not confirm the update"
