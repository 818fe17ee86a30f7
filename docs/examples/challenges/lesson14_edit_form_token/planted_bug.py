"""A planted bug for the lesson 14 challenge: the edit form has lost its CSRF token.

Load it with ``-p docs.examples.challenges.lesson14_edit_form_token.planted_bug``: for every test,
the posts views render the edit form without its hidden ``csrf_token`` field, as if
``{{ form.hidden_tag() }}`` had been deleted from the template for editing only. The test
client, with CSRF off, cannot tell; a browser against the live server, with CSRF on, can.
"""

import re

import flask
import pytest

from sample_app import posts

TOKEN_FIELD = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


def render_edit_form_without_token(template: str, **context) -> str:
    html = flask.render_template(template, **context)
    if template == "posts/form.html" and context.get("post") is not None:
        html = TOKEN_FIELD.sub("", html)
    return html


@pytest.fixture(autouse=True)
def _edit_form_without_token(monkeypatch):
    """The posts views render through the token-dropping function, for this test only."""
    monkeypatch.setattr(posts, "render_template", render_edit_form_without_token)
