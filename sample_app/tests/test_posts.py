"""posts.py: listing, reading, writing, editing and deleting posts through the HTML pages."""

from datetime import UTC, datetime, timedelta

import pytest

from sample_app.extensions import db
from sample_app.models import Post

from .helpers import count_rows, create_post, html, stored_post


@pytest.fixture
def others_post(app, other_user) -> int:
    """A published post by ``other_user``."""
    return create_post(app, other_user.id, title="Not yours")


class TestList:
    def test_list_shows_published_posts_but_not_drafts(self, client, app, posts, draft):
        """/posts lists every published title and no draft."""
        response = client.get("/posts")

        assert response.status_code == 200
        for post_id in posts:
            stored = stored_post(app, post_id)
            assert stored is not None
            assert stored["title"] in response.text
        assert "Secret draft" not in response.text

    def test_list_shows_newest_first(self, client, app, user):
        """Posts come out newest first, whatever order they were stored in."""
        start = datetime(2025, 1, 1, tzinfo=UTC)
        for days, title in [(1, "Middle"), (2, "Newest"), (0, "Oldest")]:
            create_post(app, user.id, title=title, created_at=start + timedelta(days=days))

        html = client.get("/posts").text

        assert html.index("Newest") < html.index("Middle") < html.index("Oldest")

    def test_list_is_paginated(self, client, app, user, monkeypatch):
        """?page= walks through the posts, POSTS_PER_PAGE at a time."""
        monkeypatch.setitem(app.config, "POSTS_PER_PAGE", 2)
        start = datetime(2025, 1, 1, tzinfo=UTC)
        for number in range(1, 6):
            create_post(app, user.id, title=f"Post number {number}", created_at=start + timedelta(days=number))

        second_page = client.get("/posts", query_string={"page": 2}).text

        assert "Post number 3" in second_page
        assert "Post number 2" in second_page
        assert "Post number 5" not in second_page
        assert "Page 2 of 3" in second_page

    @pytest.mark.parametrize(
        "page",
        ["0", "-1", "abc", "4", "99999999999999999999", "9" * 5000],
        ids=["zero", "negative", "not-a-number", "past-the-end", "huge", "thousands-of-digits"],
    )
    def test_list_answers_404_for_a_page_that_cannot_exist(self, client, posts, page):
        """Page numbers outside 1..last are a 404 page, never a 500."""
        response = client.get("/posts", query_string={"page": page})

        assert response.status_code == 404

    def test_list_without_posts_says_so(self, client):
        """An empty blog still answers 200 with a friendly note."""
        response = client.get("/posts")

        assert response.status_code == 200
        assert "Nothing published yet." in response.text


class TestDetail:
    def test_post_page_shows_the_post(self, client, app, posts):
        """/posts/<id> shows the title and content."""
        post = stored_post(app, posts[0])
        assert post is not None

        response = client.get(f"/posts/{posts[0]}")

        assert response.status_code == 200
        assert post["title"] in response.text
        assert post["content"] in response.text

    @pytest.mark.parametrize("post_id", [99999, 2**63, 10**30], ids=["unknown", "past-64-bits", "huge"])
    def test_missing_post_is_a_404_page(self, client, post_id):
        """An id that matches no post gets the HTML 404 page."""
        response = client.get(f"/posts/{post_id}")

        assert response.status_code == 404
        assert "Page Not Found" in response.text

    def test_draft_is_hidden_from_visitors(self, client, draft):
        """Anonymous visitors get a 404 for a draft, as if it did not exist."""
        assert client.get(f"/posts/{draft}").status_code == 404

    def test_draft_is_hidden_from_other_users(self, client, auth, other_user, draft):
        """Another logged-in user also gets a 404 for someone's draft."""
        auth.login(other_user.username, other_user.password)

        assert client.get(f"/posts/{draft}").status_code == 404

    def test_draft_is_visible_to_its_author(self, auth_client, draft):
        """The author can read their own draft."""
        response = auth_client.get(f"/posts/{draft}")

        assert response.status_code == 200
        assert "Secret draft" in response.text

    def test_post_page_offers_edit_and_delete_only_to_the_author(self, client, auth, posts, other_user):
        """Edit and Delete appear for the author, not for other readers."""
        auth.login(other_user.username, other_user.password)
        assert f"/posts/{posts[0]}/edit" not in client.get(f"/posts/{posts[0]}").text

        auth.logout()
        auth.login()
        html = client.get(f"/posts/{posts[0]}").text
        assert f"/posts/{posts[0]}/edit" in html
        assert f"/posts/{posts[0]}/delete" in html


class TestCreate:
    def test_new_post_requires_login(self, client):
        """Anonymous visitors are sent to log in, and back to the form afterwards."""
        response = client.get("/posts/new")

        assert response.headers["Location"] == "/login?next=/posts/new"

    def test_new_post_form_starts_published(self, auth_client):
        """The Published box is ticked on a blank form."""
        response = auth_client.get("/posts/new")

        checkbox = html(response).find("input", attrs={"name": "published"})
        assert response.status_code == 200
        assert checkbox is not None and checkbox.has_attr("checked")

    def test_new_post_is_stored_and_shown(self, auth_client, app, user):
        """A valid form stores the post by the logged-in user and redirects to it."""
        response = auth_client.post(
            "/posts/new", data={"title": "My New Post", "content": "Post content.", "published": "y"}
        )

        with app.app_context():
            post = db.session.scalar(db.select(Post).filter_by(title="My New Post"))
            assert post.author_id == user.id
            assert post.published
            post_id = post.id
        assert response.headers["Location"] == f"/posts/{post_id}"

    def test_new_post_without_the_box_ticked_is_a_draft(self, auth_client, app):
        """Browsers send nothing for an unticked checkbox, which saves a draft."""
        response = auth_client.post(
            "/posts/new", data={"title": "Draft", "content": "Not ready."}, follow_redirects=True
        )

        assert response.status_code == 200
        assert "Draft saved." in response.text
        with app.app_context():
            assert db.session.scalar(db.select(Post).filter_by(title="Draft")).published is False

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"title": "", "content": "Body"}, "This field is required."),
            ({"title": "   ", "content": "Body"}, "This field is required."),
            ({"title": "Title", "content": ""}, "This field is required."),
            ({"title": "T" * 201, "content": "Body"}, "Field cannot be longer than 200 characters."),
        ],
        ids=["missing-title", "blank-title", "missing-content", "overlong-title"],
    )
    def test_new_post_refuses_invalid_input(self, auth_client, app, data, message):
        """An invalid post is a 400 with the reason, and nothing is stored."""
        response = auth_client.post("/posts/new", data=data)

        assert response.status_code == 400
        assert message in response.text
        assert count_rows(app, Post) == 0

    def test_hostile_title_is_stored_as_typed_and_shown_escaped(self, auth_client, app):
        """Markup in a title is kept as text, and the page shows it escaped."""
        title = '<img src=x onerror="alert(1)">'

        response = auth_client.post(
            "/posts/new", data={"title": title, "content": "x", "published": "y"}, follow_redirects=True
        )

        assert title not in response.text
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in response.text
        with app.app_context():
            assert db.session.scalar(db.select(Post.title)) == title


class TestEdit:
    def test_author_sees_the_form_filled_in(self, auth_client, app, posts):
        """GET /posts/<id>/edit shows the current title in the form."""
        response = auth_client.get(f"/posts/{posts[0]}/edit")

        stored = stored_post(app, posts[0])
        assert response.status_code == 200
        assert stored is not None and stored["title"] in response.text

    def test_author_can_update_their_post(self, auth_client, app, posts):
        """The author's changes are stored and the browser returns to the post."""
        response = auth_client.post(
            f"/posts/{posts[0]}/edit", data={"title": "Updated Title", "content": "Updated content.", "published": "y"}
        )

        assert response.headers["Location"] == f"/posts/{posts[0]}"
        stored = stored_post(app, posts[0])
        assert stored is not None
        assert (stored["title"], stored["content"], stored["published"]) == ("Updated Title", "Updated content.", True)

    def test_update_with_invalid_data_changes_nothing(self, auth_client, app, posts):
        """A refused edit is a 400 and the stored post is untouched."""
        before = stored_post(app, posts[0])

        response = auth_client.post(f"/posts/{posts[0]}/edit", data={"title": "", "content": "New"})

        assert response.status_code == 400
        assert stored_post(app, posts[0]) == before

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_other_users_cannot_edit(self, auth_client, app, others_post, method):
        """Someone else's post answers 403 to its edit page and to an edit attempt."""
        before = stored_post(app, others_post)

        response = getattr(auth_client, method)(
            f"/posts/{others_post}/edit", data={"title": "Hacked Title", "content": "Hacked content."}
        )

        assert response.status_code == 403
        assert stored_post(app, others_post) == before

    def test_edit_requires_login(self, client, posts):
        """Anonymous visitors are sent to the login page."""
        assert "/login" in client.get(f"/posts/{posts[0]}/edit").headers["Location"]

    def test_edit_of_a_missing_post_is_a_404(self, auth_client):
        """There is nothing to edit behind an unknown id."""
        assert auth_client.get("/posts/99999/edit").status_code == 404


class TestDelete:
    def test_author_can_delete_their_post(self, auth_client, app, posts):
        """Deleting redirects to the dashboard, with a message, and the post is gone."""
        response = auth_client.post(f"/posts/{posts[0]}/delete", follow_redirects=True)

        assert response.request.path == "/dashboard"
        assert "Post deleted." in response.text
        assert stored_post(app, posts[0]) is None

    def test_admin_can_delete_any_post(self, admin_client, app, others_post):
        """Administrators may delete posts they did not write."""
        response = admin_client.post(f"/posts/{others_post}/delete")

        assert response.headers["Location"] == "/dashboard"
        assert stored_post(app, others_post) is None

    def test_other_users_cannot_delete(self, auth_client, app, others_post):
        """A regular user gets 403 for someone else's post, which stays."""
        response = auth_client.post(f"/posts/{others_post}/delete")

        assert response.status_code == 403
        assert stored_post(app, others_post) is not None

    def test_delete_needs_a_post_request(self, auth_client, app, posts):
        """A link or a prefetch (GET) can never delete a post."""
        response = auth_client.get(f"/posts/{posts[0]}/delete")

        assert response.status_code == 405
        assert stored_post(app, posts[0]) is not None
