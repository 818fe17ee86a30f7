"""A draft's whole life: written in private, published by editing it, then read by anyone."""

from sample_app.tests.helpers import html


def linked_paths(response) -> list[str]:
    return [link["href"] for link in html(response).select("ul.post-list a")]


def test_editing_a_draft_to_publish_it_confirms_the_update(auth_client, draft):
    """Publishing a draft through its edit form lands on the post with "Post updated."."""
    response = auth_client.post(
        f"/posts/{draft}/edit",
        data={"title": "Secret draft", "content": "Ready now.", "published": "y"},
        follow_redirects=True,
    )

    assert response.request.path == f"/posts/{draft}", f"the edit ended on {response.request.path}"
    assert "Post updated." in response.text, "the page does not confirm the update"


def test_a_draft_published_by_editing_is_read_by_a_visitor(client, auth, user):
    """Write a draft, check it is private, publish it, log out: the visitor finds and reads it."""
    auth.login()

    written = client.post(
        "/posts/new", data={"title": "Notes for Friday", "content": "First version."}, follow_redirects=True
    )
    assert "Draft saved." in written.text, "saving the draft was not confirmed"
    post_path = written.request.path

    assert post_path not in linked_paths(client.get("/posts")), "the draft is listed before it is published"

    edited = client.post(
        f"{post_path}/edit",
        data={"title": "Notes for Friday", "content": "Final version.", "published": "y"},
        follow_redirects=True,
    )
    assert "Post updated." in edited.text, "the edit was not confirmed"

    auth.logout()

    listed = linked_paths(client.get("/posts"))
    assert post_path in listed, f"the published draft is not linked from /posts: {listed}"
    read = client.get(post_path)
    assert read.status_code == 200, f"the visitor got {read.status_code} for {post_path}"
    assert "Final version." in read.text, "the visitor does not see the edited content"
