"""Lesson 11 challenge, solved: the title is on the page, and only as text."""

from sample_app.tests.helpers import create_post, html

HOSTILE = "<script>alert('xss')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"


def test_post_page_escapes_the_title(app, client, user):
    """A title with a script tag is shown as text on the post's page, and never as markup."""
    post_id = create_post(app, user.id, title=HOSTILE)

    response = client.get(f"/posts/{post_id}")

    assert response.status_code == 200
    assert ESCAPED in response.text
    assert HOSTILE not in response.text, "the title is on the page as raw markup"


def test_post_heading_shows_the_title_as_text(app, client, user):
    """The <h1> holds the title as text, with no <script> element inside it."""
    post_id = create_post(app, user.id, title=HOSTILE)

    heading = html(client.get(f"/posts/{post_id}")).find("h1")

    assert heading.find("script") is None, f"the heading holds a script element: {heading}"
    assert heading.get_text() == HOSTILE
