"""A planted bug for the lesson 13 challenge: editing a post says "Post updated." and stores nothing.

Load it with ``-p docs.examples.challenges.lesson13_draft_to_published.planted_bug``: for every
test, the edit view is swapped for one that changes the post in memory, flashes and redirects,
but never commits, so the change is rolled back when the request ends.
"""

import pytest
from flask import abort, flash, redirect, render_template, url_for

from sample_app.access import get_or_404
from sample_app.auth import login_required
from sample_app.forms import PostForm, form_status
from sample_app.models import Post
from sample_app.posts import NOT_FOUND, is_author


@login_required
def edit_without_commit(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    if not is_author(post):
        abort(403)
    form = PostForm(obj=post)
    if not form.validate_on_submit():
        return render_template("posts/form.html", form=form, post=post), form_status(form)
    form.populate_obj(post)
    flash("Post updated.", "success")
    return redirect(url_for("posts.detail", post_id=post.id))


@pytest.fixture(autouse=True)
def _edit_forgets_to_commit(app):
    """Route the edit form to the buggy view, in this test's app only."""
    app.view_functions["posts.edit"] = edit_without_commit
