"""A planted vulnerability for the lesson 19 challenge: any token deletes any post.

Load it with ``-p docs.examples.challenges.lesson19_delete_any_post.planted_bug``: for every test,
``DELETE /api/posts/<id>`` still needs a valid token, but no longer checks that it belongs to the
post's author or to an administrator.
"""

import pytest

from sample_app.access import get_or_404
from sample_app.api.access import token_required
from sample_app.api.posts import NOT_FOUND
from sample_app.extensions import db
from sample_app.models import Post


@token_required
def delete_any_post(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    db.session.delete(post)
    db.session.commit()
    return "", 204


@pytest.fixture(autouse=True)
def _anyone_may_delete(app):
    """Route DELETE /api/posts/<id> to the unchecked view, in this test's app only."""
    app.view_functions["api.delete_post"] = delete_any_post
