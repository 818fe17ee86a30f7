"""Lesson 3 challenge, solved: one setting changed for one module, through the one config path."""

import pytest

from sample_app.tests.helpers import create_post


# --8<-- [start:solution]
@pytest.fixture
def app_config(app_config):
    """The shared test configuration, with two posts to a page."""
    return app_config | {"POSTS_PER_PAGE": 2}


def test_api_lists_posts_per_page_setting(app, client, user):
    """With POSTS_PER_PAGE at 2, the first page of /api/posts holds two of the three posts."""
    for number in range(3):
        create_post(app, user.id, title=f"Post {number}")

    body = client.get("/api/posts").get_json()

    assert (len(body["items"]), body["total"], body["pages"]) == (2, 3, 2), body


# --8<-- [end:solution]


def test_a_request_can_still_ask_for_more(app, client, user):
    """The setting is a default: ?per_page= still overrides it for one request."""
    for number in range(3):
        create_post(app, user.id, title=f"Post {number}")

    body = client.get("/api/posts", query_string={"per_page": 3}).get_json()

    assert len(body["items"]) == 3, body
