"""Client for the OAuth 2 sign-in provider: the authorization-code flow with PKCE, over HTTP.

The provider is a third-party service like the weather API: the app talks to it with
``requests`` and nothing else, so a test fakes it at exactly that boundary.
"""

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from flask import current_app


class ProviderError(Exception):
    """The provider refused the code, failed, or answered something unusable."""


@dataclass(frozen=True)
class Profile:
    """Who the provider says signed in."""

    subject: str  # the provider's own id for the account
    username: str
    email: str


def new_secret() -> str:
    """A fresh random value for ``state`` or the PKCE code verifier (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def code_challenge(code_verifier: str) -> str:
    """The S256 PKCE challenge of ``code_verifier`` (RFC 7636): base64url of its SHA-256, unpadded."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorize_url(*, state: str, code_verifier: str, redirect_uri: str) -> str:
    """Where to send the browser: the provider's login page, which comes back with a code."""
    config = current_app.config
    query = {
        "response_type": "code",
        "client_id": config["OAUTH_CLIENT_ID"],
        "redirect_uri": redirect_uri,
        "scope": "profile email",
        "state": state,
        "code_challenge": code_challenge(code_verifier),
        "code_challenge_method": "S256",
    }
    return f"{config['OAUTH_AUTHORIZE_URL']}?{urlencode(query)}"


# --8<-- [start:exchange-and-fetch]
def exchange_code(code: str, *, code_verifier: str, redirect_uri: str) -> str:
    """Trade the code from the callback for an access token (RFC 6749, section 4.1.3)."""
    config = current_app.config
    payload = _json_from(
        "POST",
        config["OAUTH_TOKEN_URL"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        },
        auth=(config["OAUTH_CLIENT_ID"], config["OAUTH_CLIENT_SECRET"]),
    )
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        raise ProviderError("the token response has no access_token")
    return token


def fetch_profile(access_token: str) -> Profile:
    """Ask the provider who the token belongs to."""
    payload = _json_from(
        "GET", current_app.config["OAUTH_PROFILE_URL"], headers={"Authorization": f"Bearer {access_token}"}
    )
    subject, username, email = payload.get("id"), payload.get("login"), payload.get("email")
    # bool is an int in Python, and `true` is no account id.
    if isinstance(subject, bool) or not isinstance(subject, int | str) or not str(subject):
        raise ProviderError("the profile has no id")
    if not isinstance(username, str) or not isinstance(email, str):
        raise ProviderError("the profile has no login or no email")
    return Profile(str(subject), username, email)


def _json_from(method: str, url: str, **options) -> dict:
    """The JSON object the provider answers; ``ProviderError`` for any failure on the way."""
    try:
        response = requests.request(
            method,
            url,
            timeout=current_app.config["OAUTH_TIMEOUT"],
            headers={"Accept": "application/json", **options.pop("headers", {})},
            **options,
        )
        response.raise_for_status()
        payload = response.json()
    # Timeouts, refused connections, 4xx/5xx answers and bodies that are not JSON.
    except requests.exceptions.RequestException as error:
        raise ProviderError(f"{method} {url}: {error}") from error
    if not isinstance(payload, dict):
        raise ProviderError(f"{method} {url}: the answer is not a JSON object")
    return payload


# --8<-- [end:exchange-and-fetch]
