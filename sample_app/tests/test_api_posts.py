"""Blog posts over the API: the paginated list, and create/read/update/delete with ownership rules."""

from datetime import UTC, datetime, timedelta

import pytest

from .helpers import create_post, stored_post

NEW_POST = {"title": "Testing Flask", "content": "Fixtures make it pleasant."}


# --- the list -------------------------------------------------------------------------------------


def test_list_posts_returns_items_and_pagination_fields(client, posts):
    """GET /api/posts answers the items plus total, page, pages, per_page, has_next and has_prev."""
    response = client.get("/api/posts")

    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"items", "total", "page", "pages", "per_page", "has_next", "has_prev"}
    assert data["total"] == 5
    assert len(data["items"]) == 5


def test_list_posts_shows_newest_first(app, client, user):
    """Posts come newest first, whatever order they were inserted in."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for days, title in [(1, "middle"), (2, "newest"), (0, "oldest")]:
        create_post(app, user.id, title=title, created_at=start + timedelta(days=days))

    items = client.get("/api/posts").get_json()["items"]

    assert [item["title"] for item in items] == ["newest", "middle", "oldest"]


def test_list_posts_leaves_out_drafts(client, posts, draft):
    """Unpublished posts never appear in the public list."""
    data = client.get("/api/posts").get_json()

    assert data["total"] == 5
    assert draft not in [item["id"] for item in data["items"]]


# --8<-- [start:client-query-string]
@pytest.mark.parametrize(
    ("query", "count", "has_prev", "has_next"),
    [
        ({"page": 1, "per_page": 2}, 2, False, True),
        ({"page": 2, "per_page": 2}, 2, True, True),
        ({"page": 3, "per_page": 2}, 1, True, False),
        ({"page": 4, "per_page": 2}, 0, True, False),
    ],
    ids=["first-page", "middle-page", "last-page", "past-the-end"],
)
def test_list_posts_paginates(client, posts, query, count, has_prev, has_next):
    """page and per_page pick a slice; a page past the end is empty, not an error."""
    data = client.get("/api/posts", query_string=query).get_json()

    assert len(data["items"]) == count
    assert (data["has_prev"], data["has_next"]) == (has_prev, has_next)
    assert (data["page"], data["pages"], data["total"]) == (query["page"], 3, 5)


# --8<-- [end:client-query-string]


def test_list_posts_caps_per_page(app, client, posts, monkeypatch):
    """A per_page above MAX_POSTS_PER_PAGE is lowered to the cap."""
    monkeypatch.setitem(app.config, "MAX_POSTS_PER_PAGE", 3)

    data = client.get("/api/posts?per_page=1000").get_json()

    assert data["per_page"] == 3
    assert len(data["items"]) == 3


def test_list_posts_defaults_to_posts_per_page(app, client, posts, monkeypatch):
    """Without per_page the page size is the POSTS_PER_PAGE setting."""
    monkeypatch.setitem(app.config, "POSTS_PER_PAGE", 4)

    data = client.get("/api/posts").get_json()

    assert (data["per_page"], len(data["items"])) == (4, 4)


# --8<-- [start:params-page-numbers]
@pytest.mark.parametrize(
    "query",
    ["page=0", "page=-1", "page=abc", "page=1.5", "page=", "per_page=0", "per_page=%D9%A3", "page=" + "9" * 5000],
    ids=[
        "page-zero",
        "page-negative",
        "page-word",
        "page-decimal",
        "page-empty",
        "per-page-zero",
        "per-page-arabic-digit",
        "page-5000-digits",
    ],
)
def test_list_posts_rejects_bad_page_numbers(client, query):
    """page and per_page must be whole numbers from 1: anything else answers 400."""
    response = client.get(f"/api/posts?{query}")

    assert response.status_code == 400
    name = query.split("=")[0]
    assert name in response.get_json()["errors"]


# --8<-- [end:params-page-numbers]


# --- reading one ----------------------------------------------------------------------------------


def test_get_post_returns_it_with_the_author_name(client, posts):
    """GET /api/posts/<id> answers the post, including the author's username."""
    response = client.get(f"/api/posts/{posts[0]}")

    assert response.status_code == 200
    assert response.get_json()["id"] == posts[0]
    assert response.get_json()["author"] == "testuser"


# --8<-- [start:params-unknown-post]
@pytest.mark.parametrize("post_id", [999, 2**63], ids=["unknown", "beyond-64-bit"])
def test_get_unknown_post_is_not_found(client, post_id):
    """An id without a post answers the 404 envelope."""
    response = client.get(f"/api/posts/{post_id}")

    assert response.status_code == 404
    assert response.get_json() == {
        "error": "Not Found",
        "code": "not_found",
        "message": "Post not found.",
        "status": 404,
    }


# --8<-- [end:params-unknown-post]


def test_draft_is_visible_to_its_author(client, draft, auth_headers):
    """The author can read their own unpublished post."""
    response = client.get(f"/api/posts/{draft}", headers=auth_headers)

    assert response.status_code == 200
    assert response.get_json()["published"] is False


def test_draft_is_hidden_from_anonymous_readers(client, draft):
    """Without a token, an unpublished post answers 404 as if it did not exist."""
    assert client.get(f"/api/posts/{draft}").status_code == 404


def test_draft_is_hidden_from_other_users(client, draft, other_headers):
    """Another user's token does not reveal the draft either: 404."""
    assert client.get(f"/api/posts/{draft}", headers=other_headers).status_code == 404


# --- creating -------------------------------------------------------------------------------------


# --8<-- [start:client-json-post]
def test_create_post_returns_201_with_id_and_location(app, client, auth_headers):
    """POST /api/posts answers 201, the post with id and created_at, and its Location."""
    response = client.post("/api/posts", json=NEW_POST, headers=auth_headers)

    assert response.status_code == 201
    data = response.get_json()
    assert data["title"] == "Testing Flask"
    assert data["author"] == "testuser"
    assert data["created_at"]
    assert response.headers["Location"] == f"/api/posts/{data['id']}"
    stored = stored_post(app, data["id"])
    assert stored is not None and stored["content"] == NEW_POST["content"]


# --8<-- [end:client-json-post]


def test_create_post_defaults_to_published_without_tags(client, auth_headers):
    """Without tags and published, a post is published with no tags."""
    data = client.post("/api/posts", json=NEW_POST, headers=auth_headers).get_json()

    assert (data["published"], data["tags"]) == (True, [])


def test_create_post_stores_tags_and_draft_flag(client, auth_headers):
    """tags are trimmed and de-duplicated; published false makes a draft."""
    body = NEW_POST | {"tags": [" flask ", "pytest", "flask"], "published": False}

    data = client.post("/api/posts", json=body, headers=auth_headers).get_json()

    assert data["tags"] == ["flask", "pytest"]
    assert data["published"] is False


def test_create_post_without_title_is_a_bad_request(client, auth_headers):
    """A missing title answers 400 and the message names the title."""
    response = client.post("/api/posts", json={"content": "No title"}, headers=auth_headers)

    assert response.status_code == 400
    assert "title" in response.get_json()["message"]
    assert response.get_json()["errors"] == {"title": ["This field is required."]}


# --8<-- [start:params-invalid-fields]
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": 42}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"content": None}, "content"),
        ({"tags": "flask"}, "tags"),
        ({"tags": [1, 2]}, "tags"),
        ({"tags": [""]}, "tags"),
        ({"tags": ["t"] * 21}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"published": "yes"}, "published"),
        ({"published": 1}, "published"),
    ],
    ids=[
        "title-number",
        "title-blank",
        "title-too-long",
        "content-null",
        "tags-string",
        "tags-numbers",
        "tags-blank-item",
        "tags-too-many",
        "tags-item-too-long",
        "published-string",
        "published-one",
    ],
)
def test_create_post_rejects_invalid_fields(app, client, auth_headers, changes, field):
    """Wrong types and sizes answer 400 naming the field, and store nothing."""
    response = client.post("/api/posts", json=NEW_POST | changes, headers=auth_headers)

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [field]
    assert client.get("/api/posts").get_json()["total"] == 0


# --8<-- [end:params-invalid-fields]


# --8<-- [start:params-not-a-json-object]
@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("not json", "application/json"),
        ('{"title": "unterminated', "application/json"),
        ('["a", "list"]', "application/json"),
        ("null", "application/json"),
        ("title=Hello&content=World", "application/x-www-form-urlencoded"),
    ],
    ids=["not-json", "truncated-json", "json-list", "json-null", "form-encoded"],
)
def test_create_post_with_a_body_that_is_not_a_json_object_is_a_bad_request(client, auth_headers, data, content_type):
    """Only a JSON object is accepted; anything else answers the 400 envelope."""
    response = client.post("/api/posts", data=data, content_type=content_type, headers=auth_headers)

    assert response.status_code == 400
    assert response.get_json()["code"] == "bad_request"


# --8<-- [end:params-not-a-json-object]


def test_create_post_requires_a_token(client):
    """Creating a post without a token answers 401."""
    assert client.post("/api/posts", json=NEW_POST).status_code == 401


def test_create_post_cannot_choose_its_author_or_id(client, auth_headers, other_user):
    """id and author_id in the body are ignored: the token decides the author."""
    body = NEW_POST | {"id": 12345, "author_id": other_user.id}

    data = client.post("/api/posts", json=body, headers=auth_headers).get_json()

    assert data["id"] != 12345
    assert data["author"] == "testuser"


# --- updating -------------------------------------------------------------------------------------


# --8<-- [start:client-open-method]
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_update_post_changes_only_the_fields_sent(app, client, posts, auth_headers, method):
    """PUT and PATCH both accept a partial body: the title changes, the content stays."""
    before = stored_post(app, posts[0])
    assert before is not None

    response = client.open(f"/api/posts/{posts[0]}", method=method, json={"title": "Renamed"}, headers=auth_headers)

    assert response.status_code == 200
    assert response.get_json()["title"] == "Renamed"
    after = stored_post(app, posts[0])
    assert after is not None and after["content"] == before["content"]


# --8<-- [end:client-open-method]


def test_update_post_can_unpublish_and_retag(client, posts, auth_headers):
    """published and tags can be changed on their own."""
    response = client.patch(
        f"/api/posts/{posts[0]}", json={"published": False, "tags": ["draft"]}, headers=auth_headers
    )

    assert (response.get_json()["published"], response.get_json()["tags"]) == (False, ["draft"])


def test_update_post_with_nothing_to_change_is_a_bad_request(client, posts, auth_headers):
    """An empty object (or only unknown keys) answers 400 listing the accepted fields."""
    response = client.patch(f"/api/posts/{posts[0]}", json={"author_id": 99}, headers=auth_headers)

    assert response.status_code == 400
    assert "title" in response.get_json()["message"]


# --8<-- [start:params-untouched]
def test_invalid_update_leaves_the_post_untouched(app, client, posts, auth_headers):
    """A rejected update changes nothing, not even the fields that were valid."""
    before = stored_post(app, posts[0])

    response = client.put(f"/api/posts/{posts[0]}", json={"title": "Fine", "tags": "not-a-list"}, headers=auth_headers)

    assert response.status_code == 400
    assert stored_post(app, posts[0]) == before


def test_update_by_another_user_is_forbidden(app, client, posts, other_headers):
    """Only the author may edit: anyone else gets 403 and the post is unchanged."""
    before = stored_post(app, posts[0])

    response = client.put(f"/api/posts/{posts[0]}", json={"title": "Hijacked"}, headers=other_headers)

    assert response.status_code == 403
    assert response.get_json()["code"] == "forbidden"
    assert stored_post(app, posts[0]) == before


# --8<-- [end:params-untouched]


def test_update_unknown_post_is_not_found(client, auth_headers):
    """Updating a post that does not exist answers 404."""
    assert client.patch("/api/posts/999", json={"title": "x"}, headers=auth_headers).status_code == 404


# --- deleting -------------------------------------------------------------------------------------


def test_delete_post_answers_204_with_an_empty_body(app, client, posts, auth_headers):
    """The author deletes with 204 No Content, and the post is gone."""
    response = client.delete(f"/api/posts/{posts[0]}", headers=auth_headers)

    assert response.status_code == 204
    assert response.data == b""
    assert stored_post(app, posts[0]) is None
    assert client.get(f"/api/posts/{posts[0]}").status_code == 404


def test_delete_by_another_user_is_forbidden(app, client, posts, other_headers):
    """A user who is neither author nor admin gets 403 and the post stays."""
    response = client.delete(f"/api/posts/{posts[0]}", headers=other_headers)

    assert response.status_code == 403
    assert stored_post(app, posts[0]) is not None


def test_admin_may_delete_any_post(app, client, posts, admin_headers):
    """Administrators can delete other people's posts."""
    response = client.delete(f"/api/posts/{posts[0]}", headers=admin_headers)

    assert response.status_code == 204
    assert stored_post(app, posts[0]) is None


def test_delete_unknown_post_is_not_found(client, auth_headers):
    """Deleting a post that does not exist answers 404."""
    assert client.delete("/api/posts/999", headers=auth_headers).status_code == 404
