"""Blog posts: a paginated public list, and create/read/update/delete for authors."""

from flask import current_app, jsonify, make_response, url_for
from flask_jwt_extended import current_user, get_current_user

from ..access import get_or_404
from ..errors import error_response
from ..extensions import db
from ..models import Post
from . import bp, idempotency
from .access import token_optional, token_required
from .validation import Field, boolean, parse_json, positive_int_args, string_list, text

# --8<-- [start:params-post-fields]
POST_FIELDS = {
    "title": Field(text(200)),
    "content": Field(text(100_000)),
    "tags": Field(string_list(max_items=20, max_length=50), required=False),
    "published": Field(boolean, required=False),
    # --8<-- [end:params-post-fields]
}
NOT_FOUND = "Post not found."


@bp.get("/posts")
def list_posts():
    config = current_app.config
    args = positive_int_args({"page": 1, "per_page": config["POSTS_PER_PAGE"]})
    query = (
        db.select(Post)
        .filter_by(published=True)
        # Posts created in the same instant still come out in a stable order.
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    page = db.paginate(
        query,
        page=args["page"],
        per_page=min(args["per_page"], config["MAX_POSTS_PER_PAGE"]),
        error_out=False,
    )
    return jsonify(
        items=[post.to_dict() for post in page.items],
        total=page.total,
        page=page.page,
        pages=page.pages,
        per_page=page.per_page,
        has_next=page.has_next,
        has_prev=page.has_prev,
    )


@bp.get("/posts/<int:post_id>")
@token_optional
def get_post(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    viewer = get_current_user()  # None without a token; current_user is a proxy, never None
    # Drafts are visible to their author only; everyone else is told they do not exist.
    if not post.published and (viewer is None or viewer.id != post.author_id):
        return error_response(404, NOT_FOUND)
    return jsonify(post.to_dict())


# --8<-- [start:create-post]
@bp.post("/posts")
@token_required
def create_post():
    fields = parse_json(POST_FIELDS)
    # get_current_user() is the User itself; current_user is only a proxy to it.
    author = get_current_user()
    key = idempotency.request_key()
    claimed = idempotency.claim(author.id, key) if key else None
    post = Post(author=author, **fields)
    db.session.add(post)
    db.session.flush()  # the post gets its id, for the body and the Location
    response = make_response(jsonify(post.to_dict()), 201, {"Location": url_for("api.get_post", post_id=post.id)})
    if claimed:
        idempotency.remember(claimed, response)
    # One commit: the post and the answer to replay exist together, or neither does.
    db.session.commit()
    return response


# --8<-- [end:create-post]


@bp.route("/posts/<int:post_id>", methods=["PUT", "PATCH"])
@token_required
def update_post(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    if post.author_id != current_user.id:
        return error_response(403, "Only the author may edit this post.")
    # PUT is partial too, as the tutorials use it: send only what changes.
    for name, value in parse_json(POST_FIELDS, partial=True).items():
        setattr(post, name, value)
    db.session.commit()
    return jsonify(post.to_dict())


@bp.delete("/posts/<int:post_id>")
@token_required
def delete_post(post_id: int):
    post = get_or_404(Post, post_id, NOT_FOUND)
    if post.author_id != current_user.id and not current_user.is_admin:
        return error_response(403, "Only the author or an administrator may delete this post.")
    db.session.delete(post)
    db.session.commit()
    return "", 204
