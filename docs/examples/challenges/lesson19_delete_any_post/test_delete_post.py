"""Who may delete a post through the API."""


def test_author_deletes_their_own_post(client, auth_headers, posts):
    """The author's DELETE answers 204, and the post is gone."""
    response = client.delete(f"/api/posts/{posts[0]}", headers=auth_headers)

    assert response.status_code == 204, f"the author's DELETE answered {response.status_code}"
    gone = client.get(f"/api/posts/{posts[0]}")
    assert gone.status_code == 404, f"the deleted post still answers {gone.status_code}"


def test_deleting_without_a_token_is_refused(client, posts):
    """Without a token, DELETE answers 401 and the post stays."""
    response = client.delete(f"/api/posts/{posts[0]}")

    assert response.status_code == 401, f"the anonymous DELETE answered {response.status_code}"
    still_there = client.get(f"/api/posts/{posts[0]}")
    assert still_there.status_code == 200, f"the post answers {still_there.status_code} after a refused DELETE"


def test_another_user_cannot_delete_the_post(client, other_headers, posts):
    """A valid token of someone else answers 403 with the reason, and the post stays."""
    response = client.delete(f"/api/posts/{posts[0]}", headers=other_headers)

    assert response.status_code == 403, f"another user's DELETE answered {response.status_code}"
    body = response.get_json()
    assert body["message"] == "Only the author or an administrator may delete this post.", f"refused with {body}"
    still_there = client.get(f"/api/posts/{posts[0]}")
    assert still_there.status_code == 200, f"the post answers {still_there.status_code} after a refused DELETE"


def test_administrator_deletes_another_users_post(client, admin_headers, posts):
    """An administrator's DELETE answers 204, so the refusal above is about ownership, not the token."""
    response = client.delete(f"/api/posts/{posts[0]}", headers=admin_headers)

    assert response.status_code == 204, f"the administrator's DELETE answered {response.status_code}"
    gone = client.get(f"/api/posts/{posts[0]}")
    assert gone.status_code == 404, f"the deleted post still answers {gone.status_code}"
