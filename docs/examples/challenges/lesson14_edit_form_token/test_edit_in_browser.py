"""Editing a post, through the test client and in a real browser against the live server."""

import pytest
from playwright.sync_api import expect

from sample_app.tests.test_e2e import error_responses, live_server, page  # noqa: F401 - fixtures


def test_author_renames_their_post(auth_client, posts):
    """The author's edit form saves the new title and shows it on the post's page."""
    response = auth_client.post(
        f"/posts/{posts[0]}/edit",
        data={"title": "A better title", "content": "Same content.", "published": "y"},
        follow_redirects=True,
    )

    assert response.request.path == f"/posts/{posts[0]}", f"the edit ended on {response.request.path}"
    assert "<h1>A better title</h1>" in response.text, "the post's page does not show the new title"


@pytest.mark.e2e
def test_author_renames_their_post_in_the_browser(live_server, page, error_responses):  # noqa: F811 - the imported fixtures
    """A new author publishes a post, opens its Edit page, saves a new title, and sees it."""
    page.goto(f"{live_server}/register")
    page.get_by_label("Username").fill("e2e_editor")
    page.get_by_label("Email").fill("editor@example.com")
    page.get_by_label("Password", exact=True).fill("Sup3rSecret!")
    page.get_by_label("Confirm password").fill("Sup3rSecret!")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Registration successful")).to_be_visible()

    page.goto(f"{live_server}/login")
    page.get_by_label("Username").fill("e2e_editor")
    page.get_by_label("Password").fill("Sup3rSecret!")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server}/dashboard")

    page.goto(f"{live_server}/posts/new")
    page.get_by_label("Title").fill("First title")
    page.get_by_label("Content").fill("Written by Playwright.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="First title")).to_be_visible()

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill("A better title")
    with page.expect_response(lambda response: response.request.method == "POST") as saved:
        page.get_by_role("button", name="Save changes").click()
    assert saved.value.status == 302, f"saving the edit form was answered with {saved.value.status}"
    expect(page.get_by_role("heading", name="A better title")).to_be_visible()

    assert error_responses == [], f"the live server answered errors: {error_responses}"
