"""The site's own pages: home, and each user's dashboard, profile and settings."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from sqlalchemy.exc import IntegrityError

from .access import log_in
from .auth import login_required
from .extensions import db
from .forms import SettingsForm, form_status
from .models import Post

bp = Blueprint("pages", __name__)

RECENT_POSTS_ON_HOME_PAGE = 5


@bp.get("/")
def index():
    recent_posts = db.session.scalars(
        db.select(Post)
        .filter_by(published=True)
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(RECENT_POSTS_ON_HOME_PAGE)
    ).all()
    return render_template("index.html", recent_posts=recent_posts)


@bp.get("/dashboard")
@login_required
def dashboard():
    posts = db.session.scalars(
        db.select(Post).filter_by(author_id=g.user.id).order_by(Post.created_at.desc(), Post.id.desc())
    ).all()
    return render_template("dashboard.html", user=g.user, posts=posts)


@bp.get("/profile")
@login_required
def profile():
    return render_template("profile.html", user=g.user)


@bp.route("/settings", methods=("GET", "POST"))
@login_required
def settings():
    form = SettingsForm(g.user)
    if not form.validate_on_submit():
        return render_template("settings.html", form=form), form_status(form)

    g.user.email = form.email.data
    g.user.bio = form.bio.data
    if form.new_password.data:
        g.user.set_password(form.new_password.data)
        # Whoever copied a cookie or a token before the change is logged out by it.
        g.user.end_sessions()
    try:
        db.session.commit()
    except IntegrityError:
        # Another account took this email between our check and this update.
        db.session.rollback()
        form.email.errors = [*form.email.errors, "Email already registered"]
        return render_template("settings.html", form=form), 400
    # This session is the one that knew the old password: it stays logged in.
    log_in(g.user)
    flash("Your settings have been saved.", "success")
    return redirect(url_for("pages.profile"))
