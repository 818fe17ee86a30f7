"""Editing a post, through the test client."""


def test_author_renames_their_post(auth_client, posts):
    """The author's edit form saves the new title and shows it on the post's page."""
    response = auth_client.post(
        f"/posts/{posts[0]}/edit",
        data={"title": "A better title", "content": "Same content.", "published": "y"},
        follow_redirects=True,
    )

    assert response.request.path == f"/posts/{posts[0]}", f"the edit ended on {response.request.path}"
    assert "<h1>A better title</h1>" in response.text, "the post's page does not show the new title"
