"""Lesson 11 challenge: the escaping test you are given. It looks for the escaped title only."""

from sample_app.tests.helpers import create_post

HOSTILE = "<script>alert('xss')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"


def test_post_page_escapes_the_title(app, client, user):
    """A title with a script tag is shown as text on the post's page."""
    post_id = create_post(app, user.id, title=HOSTILE)

    response = client.get(f"/posts/{post_id}")

    assert response.status_code == 200
    assert ESCAPED in response.text
