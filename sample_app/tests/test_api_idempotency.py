"""Idempotency keys on POST /api/posts: a retry with the same key gets the first answer, not a second post."""

import pytest

from sample_app.models import IdempotencyKey, Post

from .helpers import count_rows

NEW_POST = {"title": "Retry-safe", "content": "Sent twice, stored once."}


def with_key(headers: dict[str, str], key: str) -> dict[str, str]:
    """``headers`` plus an Idempotency-Key header."""
    return headers | {"Idempotency-Key": key}


# --8<-- [start:replay-test]
def test_a_retry_with_the_same_key_gets_the_first_answer_again(app, client, auth_headers):
    """Same key, same body: the second answer repeats the first (status, body, Location) and no post is added."""
    headers = with_key(auth_headers, "3f1c6a52-retry-1")

    first = client.post("/api/posts", json=NEW_POST, headers=headers)
    retry = client.post("/api/posts", json=NEW_POST, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.get_data() == first.get_data()
    assert retry.headers["Location"] == first.headers["Location"] == f"/api/posts/{first.get_json()['id']}"
    assert "Idempotent-Replayed" not in first.headers
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert count_rows(app, Post) == 1


# --8<-- [end:replay-test]


def test_a_retry_whose_json_differs_only_in_spacing_and_key_order_is_the_same_request(app, client, auth_headers):
    """The body is compared as JSON content, not as bytes: reordered keys and spaces are still a retry."""
    headers = with_key(auth_headers, "same-content")
    client.post("/api/posts", json=NEW_POST, headers=headers)

    retry = client.post(
        "/api/posts",
        headers=headers,
        content_type="application/json",
        data='{ "content": "Sent twice, stored once.",  "title": "Retry-safe" }',
    )

    assert retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert count_rows(app, Post) == 1


# --8<-- [start:different-body-test]
def test_the_same_key_with_a_different_body_is_refused(app, client, auth_headers):
    """Reusing a key for another request answers 422 and creates nothing more."""
    headers = with_key(auth_headers, "reused-key")
    first = client.post("/api/posts", json=NEW_POST, headers=headers)

    other = client.post("/api/posts", json=NEW_POST | {"title": "Something else"}, headers=headers)

    assert other.status_code == 422
    assert other.get_json()["code"] == "idempotency_key_reused"
    assert "Location" not in other.headers
    assert count_rows(app, Post) == 1
    # The key still answers its own request.
    assert client.post("/api/posts", json=NEW_POST, headers=headers).get_data() == first.get_data()


# --8<-- [end:different-body-test]


# --8<-- [start:two-users-test]
def test_two_users_may_use_the_same_key(app, client, auth_headers, other_headers):
    """Keys belong to their user: another user's identical key creates their own post."""
    mine = client.post("/api/posts", json=NEW_POST, headers=with_key(auth_headers, "shared-key"))
    theirs = client.post("/api/posts", json=NEW_POST, headers=with_key(other_headers, "shared-key"))

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs.headers
    assert (mine.get_json()["author"], theirs.get_json()["author"]) == ("testuser", "otheruser")
    assert count_rows(app, Post) == 2


# --8<-- [end:two-users-test]


# --8<-- [start:no-key-test]
def test_without_a_key_every_post_creates_a_post(app, client, auth_headers):
    """The header is optional: two identical POSTs without it store two posts and keep no key."""
    first = client.post("/api/posts", json=NEW_POST, headers=auth_headers)
    second = client.post("/api/posts", json=NEW_POST, headers=auth_headers)

    assert first.get_json()["id"] != second.get_json()["id"]
    assert (count_rows(app, Post), count_rows(app, IdempotencyKey)) == (2, 0)


# --8<-- [end:no-key-test]


def test_a_refused_request_does_not_use_up_its_key(app, client, auth_headers):
    """A 400 stores no answer: the corrected request may be sent with the same key and acts."""
    headers = with_key(auth_headers, "fix-and-retry")

    refused = client.post("/api/posts", json={"title": "No content"}, headers=headers)
    corrected = client.post("/api/posts", json=NEW_POST, headers=headers)

    assert (refused.status_code, corrected.status_code) == (400, 201)
    assert "Idempotent-Replayed" not in corrected.headers
    assert count_rows(app, IdempotencyKey) == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9"], ids=["empty", "too-long", "not-ascii"])
def test_a_malformed_key_is_a_bad_request(app, client, auth_headers, key):
    """An empty, over-long or non-ASCII key answers 400 and stores nothing."""
    response = client.post("/api/posts", json=NEW_POST, headers=with_key(auth_headers, key))

    assert response.status_code == 400
    assert response.get_json()["code"] == "invalid_idempotency_key"
    assert (count_rows(app, Post), count_rows(app, IdempotencyKey)) == (0, 0)
