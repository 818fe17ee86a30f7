"""The administrators' pages: every user with their post count, promote/demote, delete."""

from flask import Blueprint, flash, g, redirect, render_template, url_for

from .access import get_or_404
from .auth import admin_required
from .extensions import db
from .models import Post, User

bp = Blueprint("admin", __name__, url_prefix="/admin")

NOT_FOUND = "User not found."


def render_dashboard(error: str | None = None, status: int = 200):
    users_with_post_counts = db.session.execute(
        db.select(User, db.func.count(Post.id)).outerjoin(User.posts).group_by(User.id).order_by(User.username)
    ).all()
    return render_template("admin/index.html", users=users_with_post_counts, error=error), status


@bp.get("/")
@admin_required
def index():
    return render_dashboard()


@bp.post("/users/<int:user_id>/toggle-admin")
@admin_required
def toggle_admin(user_id: int):
    user = get_or_404(User, user_id, NOT_FOUND)
    if user.id == g.user.id:
        # Otherwise the last administrator could lock everyone out of this page.
        return render_dashboard("You cannot remove your own admin rights.", 400)
    user.is_admin = not user.is_admin
    db.session.commit()
    flash(f"{user.username} is {'now' if user.is_admin else 'no longer'} an administrator.", "success")
    return redirect(url_for("admin.index"))


@bp.post("/users/<int:user_id>/delete")
@admin_required
def delete_user(user_id: int):
    user = get_or_404(User, user_id, NOT_FOUND)
    if user.id == g.user.id:
        return render_dashboard("You cannot delete your own account.", 400)
    username = user.username
    db.session.delete(user)
    db.session.commit()
    flash(f"Deleted {username} and their posts.", "info")
    return redirect(url_for("admin.index"))
