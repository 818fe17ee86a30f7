"""Session-based authentication for the HTML pages: register, log in, log out.

``g.user`` is the logged-in ``User`` or ``None`` on every request; views protect
themselves with ``@login_required`` or ``@admin_required``.
"""

import functools

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from . import accounts
from .access import log_in, log_out, session_user
from .forms import LoginForm, RegistrationForm, form_status, required_text
from .rate_limits import login_rate_limit
from .services import email_service

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_logged_in_user() -> None:
    # The API's session-cookie endpoints use the same rule: a session whose user was
    # deleted, or whose user_id is not an id, belongs to nobody.
    g.user = session_user()


# --8<-- [start:login-required]
def login_required(view):
    """Send anonymous visitors to the login page, remembering the page they asked for."""

    @functools.wraps(view)
    def wrapped_view(**kwargs):
        if g.user is None:
            # Only a GET can be replayed after logging in; a form POST would land on a 405.
            next_url = request.full_path.removesuffix("?") if request.method == "GET" else None
            return redirect(url_for("auth.login", next=next_url))
        return view(**kwargs)

    return wrapped_view


def admin_required(view):
    """Like ``login_required``, and 403 for logged-in users who are not administrators."""

    @functools.wraps(view)
    def wrapped_view(**kwargs):
        if not g.user.is_admin:
            abort(403)
        return view(**kwargs)

    return login_required(wrapped_view)


# --8<-- [end:login-required]


def is_safe_redirect(target: str) -> bool:
    """True only for a path on this site: "/posts" yes; "//evil.test", "/\\evil.test", "https://..." no."""
    # Browsers read a backslash as a slash, and a control character would break the header.
    return target.startswith("/") and not target.startswith(("//", "/\\")) and target.isprintable()


# --8<-- [start:register-view]
@bp.route("/register", methods=("GET", "POST"))
def register():
    form = RegistrationForm()
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form), form_status(form)

    username, email = required_text(form.username), required_text(form.email)
    try:
        accounts.create_user(username, email, required_text(form.password))
    except accounts.AccountTaken:
        form.form_errors.append("That username or email was registered a moment ago. Please choose another.")
        return render_template("auth/register.html", form=form), 400

    try:
        email_service.send_welcome_email(username, email)
    except OSError as error:  # smtplib's errors are OSErrors too
        # The account exists either way; a missing welcome email must not undo it.
        current_app.logger.warning("Could not send the welcome email to %s: %s", email, error)
    return render_template("auth/register_success.html", username=username, email=email)


# --8<-- [end:register-view]


# --8<-- [start:login-view]
@bp.route("/login", methods=("GET", "POST"))
@login_rate_limit()
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), form_status(form)

    user = accounts.authenticate(required_text(form.username), required_text(form.password))
    if user is None:
        # One message for both cases, so the form does not reveal which usernames exist.
        form.form_errors.append("Invalid username or password")
        return render_template("auth/login.html", form=form), 401

    log_in(user)
    flash(f"Welcome back, {user.username}!", "success")
    next_url = request.args.get("next", "")
    return redirect(next_url if is_safe_redirect(next_url) else url_for("pages.dashboard"))


# A POST with the CSRF token, not a GET: an <img src="/logout"> on any page, or a browser
# prefetching links, would otherwise log the user out.
@bp.post("/logout")
def logout():
    log_out()
    flash("You have been logged out.", "info")
    return redirect(url_for("pages.index"))


# --8<-- [end:login-view]
