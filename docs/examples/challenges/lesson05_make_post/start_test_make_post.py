"""Lesson 5 challenge: these tests need a `make_post` factory fixture. Write it in this file."""


def test_the_public_list_leaves_drafts_out(client, make_post):
    """GET /api/posts lists the published post and not the draft."""
    make_post(title="Out now")
    make_post(title="Not yet", published=False)

    data = client.get("/api/posts").get_json()

    titles = [item["title"] for item in data["items"]]
    assert titles == ["Out now"], f"the public list shows {titles}"
    assert data["total"] == 1, f"the list counts {data['total']} posts, drafts included?"


def test_per_page_splits_the_list_newest_first(client, make_post):
    """Three posts, two a page: page 1 has the two newest, page 2 the oldest."""
    oldest, middle, newest = make_post(), make_post(), make_post()

    first = client.get("/api/posts", query_string={"per_page": 2}).get_json()
    second = client.get("/api/posts", query_string={"per_page": 2, "page": 2}).get_json()

    pages = [[item["id"] for item in first["items"]], [item["id"] for item in second["items"]]]
    assert pages == [[newest, middle], [oldest]], (
        f"the pages hold the ids {pages}; the posts were made as {oldest}, {middle}, {newest}"
    )
    assert (first["pages"], first["has_next"], second["has_next"]) == (2, True, False)


def test_a_draft_is_shown_to_its_author_only(client, make_post, auth_headers):
    """GET /api/posts/<id> of a draft: 404 without a token, 200 with its author's token."""
    draft = make_post(title="Secret draft", published=False)

    anonymous = client.get(f"/api/posts/{draft}")
    author = client.get(f"/api/posts/{draft}", headers=auth_headers)

    assert anonymous.status_code == 404, f"an anonymous reader got {anonymous.status_code}: {anonymous.get_json()}"
    assert author.status_code == 200, f"the author got {author.status_code}: {author.get_json()}"
    assert author.get_json()["title"] == "Secret draft"
