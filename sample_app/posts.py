"""Blog posts as HTML pages: list, read, write, edit and delete."""

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from .access import get_or_404
from .auth import login_required
from .extensions import db
from .forms import PostForm, form_status
from .models import Post

bp = Blueprint("posts", __name__)

NOT_FOUND = "Post not found."

# Far past any real blog, and small enough that the offset fits the database's integers.
LAST_PAGE = 100_000


def is_author(post: Post) -> bool:
    return g.user is not None and g.user.id == post.author_id


def may_delete(post: Post) -> bool:
    return is_author(post) or (g.user is not None and g.user.is_admin)


def requested_page() -> int:
    """The ``?page=`` number; anything that cannot be a page is a 404, like a page past the end."""
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        abort(404)
    if not 1 <= page <= LAST_PAGE:
        abort(404)
    return page


@bp.get("/posts")
def index():
    pagination = db.paginate(
        db.select(Post).filter_by(published=True).order_by(Post.created_at.desc(), Post.id.desc()),
        page=requested_page(),
        per_page=current_app.config["POSTS_PER_PAGE"],
    )
    return render_template("posts/index.html", pagination=pagination)


@bp.route("/posts/new", methods=("GET", "POST"))
@login_required
def create():
    form = PostForm()
    if not form.validate_on_submit():
        return render_template("posts/form.html", form=form), form_status(form)

    post = Post(author=g.user)
    form.populate_obj(post)
    db.session.add(post)
    db.session.commit()
    flash("Post published." if post.published else "Draft saved.", "success")
    return redirect(url_for("posts.detail", post_id=post.id))


@bp.get("/posts/<int:post_id>")
def detail(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    # A draft is private: to anyone else it does not exist.
    if not post.published and not is_author(post):
        abort(404)
    return render_template("posts/detail.html", post=post, can_edit=is_author(post), can_delete=may_delete(post))


@bp.route("/posts/<int:post_id>/edit", methods=("GET", "POST"))
@login_required
def edit(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    if not is_author(post):
        abort(403)
    form = PostForm(obj=post)
    if not form.validate_on_submit():
        return render_template("posts/form.html", form=form, post=post), form_status(form)

    form.populate_obj(post)
    db.session.commit()
    flash("Post updated.", "success")
    return redirect(url_for("posts.detail", post_id=post.id))


@bp.post("/posts/<int:post_id>/delete")
@login_required
def delete(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    if not may_delete(post):
        abort(403)
    db.session.delete(post)
    db.session.commit()
    flash("Post deleted.", "info")
    return redirect(url_for("pages.dashboard"))
