"""Signing in through an OAuth 2 provider ("Sign in with ..."): the two ends of the redirect dance.

``/auth/oauth/login`` sends the browser to the provider with a random ``state`` and a PKCE
challenge, both remembered in the session. The provider sends the browser back to
``/auth/oauth/callback?code=...&state=...``: the state must match, the code is traded for
a token and the token for a profile, over HTTP, and the profile's account is logged in,
created on its first visit.
"""

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for

from . import accounts
from .access import log_in
from .extensions import db
from .models import User
from .services import oauth_provider

bp = Blueprint("oauth", __name__, url_prefix="/auth/oauth")

STATE_MISMATCH = "The sign-in could not be verified. Start again from the login page."
PROVIDER_FAILED = "The sign-in provider did not answer properly. Try again in a moment."


def callback_url() -> str:
    # The provider compares it with the URL registered for the client, so it is absolute.
    return url_for("oauth.callback", _external=True)


@bp.get("/login")
def login():
    pending = {"state": oauth_provider.new_secret(), "code_verifier": oauth_provider.new_secret()}
    session["oauth"] = pending
    return redirect(oauth_provider.authorize_url(redirect_uri=callback_url(), **pending))


# --8<-- [start:callback]
@bp.get("/callback")
def callback():
    # One use only: a callback URL that is sent again finds nothing to match.
    pending = session.pop("oauth", None)
    state = request.args.get("state", "")
    # Anyone can send a browser here with their own code; the state proves this browser
    # started the sign-in (RFC 6749, section 10.12).
    if pending is None or not secrets.compare_digest(state.encode(), pending["state"].encode()):
        abort(400, STATE_MISMATCH)
    if "error" in request.args:  # the user said no on the provider's page
        flash("Sign-in with the provider was cancelled.", "info")
        return redirect(url_for("auth.login"))
    code = request.args.get("code")
    if not code:
        abort(400, STATE_MISMATCH)

    try:
        token = oauth_provider.exchange_code(code, code_verifier=pending["code_verifier"], redirect_uri=callback_url())
        profile = oauth_provider.fetch_profile(token)
    except oauth_provider.ProviderError as error:
        current_app.logger.warning("OAuth sign-in failed: %s", error)
        abort(502, PROVIDER_FAILED)

    user = db.session.scalar(db.select(User).filter_by(provider_subject=profile.subject))
    if user is None:
        try:
            user = accounts.create_provider_user(profile.username, profile.email, profile.subject)
        except (accounts.FieldError, accounts.AccountTaken):
            flash(
                "Your provider account's username or email cannot be used here, or belongs to an "
                "account that logs in with a password.",
                "error",
            )
            return redirect(url_for("auth.login"))
    log_in(user)
    flash(f"Welcome, {user.username}!", "success")
    return redirect(url_for("pages.dashboard"))


# --8<-- [end:callback]
