"""Lesson 3 challenge, the starting point: a test that builds an app of its own for one setting."""

from sample_app import create_app
from sample_app.tests.helpers import create_post


def test_api_lists_posts_per_page_setting(user):
    """With POSTS_PER_PAGE at 2, the first page of /api/posts holds two of the three posts."""
    app = create_app({"POSTS_PER_PAGE": 2})
    for number in range(3):
        create_post(app, user.id, title=f"Post {number}")

    body = app.test_client().get("/api/posts").get_json()

    assert (len(body["items"]), body["total"], body["pages"]) == (2, 3, 2)
