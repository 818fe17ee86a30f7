"""Default settings for the sample app.

``create_app`` starts from these, then applies either the instance folder's
``config.py`` and the environment (normal runs) or the mapping a test passes in.
"""

import os
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

# Every default here is safe to run on a laptop; production overrides the secrets
# (create_app refuses to start without them, see refuse_published_secrets).
DEFAULTS = {
    "SECRET_KEY": "dev-secret-key-change-me",
    "JWT_SECRET_KEY": "dev-jwt-secret-change-me-at-least-32-bytes",
    "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=15),
    "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=7),
    # Access tokens come in the Authorization header; a refresh token may also come
    # in a JSON body as {"refresh_token": "..."}.
    "JWT_TOKEN_LOCATION": ["headers", "json"],
    "JWT_REFRESH_JSON_KEY": "refresh_token",
    "PASSWORD_HASH_METHOD": "scrypt",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAIL_DEFAULT_SENDER": "Sample Blog <no-reply@sample-blog.test>",
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "ALLOWED_UPLOAD_EXTENSIONS": {"txt", "pdf", "csv", "md", "png", "jpg", "jpeg", "gif"},
    "ALLOWED_IMAGE_FORMATS": {"PNG", "JPEG", "GIF"},
    "WEATHER_API_URL": "https://weather.invalid/v1/current",
    "WEATHER_API_TIMEOUT": 3.0,
    # The OAuth 2 sign-in provider. ".invalid" names never resolve (RFC 6761): until a real
    # provider is configured, nothing can be sent anywhere, and the tests fake these URLs.
    "OAUTH_CLIENT_ID": "sample-blog-dev",
    "OAUTH_CLIENT_SECRET": "dev-oauth-secret-change-me",
    "OAUTH_AUTHORIZE_URL": "https://accounts.provider.invalid/oauth/authorize",
    "OAUTH_TOKEN_URL": "https://accounts.provider.invalid/oauth/token",
    "OAUTH_PROFILE_URL": "https://api.provider.invalid/user",
    "OAUTH_TIMEOUT": 5.0,
    "RATELIMIT_STORAGE_URI": "memory://",
    # Explicit, because Flask-Limiter keeps some settings on its one global object:
    # an app built with limits off would otherwise leave them off for later apps.
    "RATELIMIT_ENABLED": True,
    # The API is CSRF-exempt and /api/todo trusts the session cookie: Lax keeps that
    # cookie off cross-site POSTs.
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Only over HTTPS: a session cookie sent in clear text can be read off any network on the
    # way. create_app turns this off for debug runs, served over plain http://127.0.0.1.
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "DATA_RATE_LIMIT": "30 per minute",
    # Per client address, counting every POST to the login form, right or wrong.
    "LOGIN_RATE_LIMIT": "10 per minute",
    "POSTS_PER_PAGE": 10,
    "MAX_POSTS_PER_PAGE": 100,
    "CREATE_TABLES_ON_START": False,
}


# --8<-- [start:refuse-published-secrets]
# Anyone who has read this file can sign a session cookie or a JWT with these keys.
PUBLISHED_SECRETS = ("SECRET_KEY", "JWT_SECRET_KEY")


class PublishedSecretError(RuntimeError):
    """The app was asked to run for real with a key everybody knows."""


def refuse_published_secrets(settings: Mapping[str, Any], *, testing: bool, debug: bool) -> None:
    """Raise ``PublishedSecretError`` outside tests and debug runs while a key is still its default."""
    if testing or debug:
        return
    for name in PUBLISHED_SECRETS:
        if settings[name] == DEFAULTS[name]:
            raise PublishedSecretError(
                f"{name} is the published development default, so anyone could forge a login with it. "
                f"Set FLASK_{name} (or {name} in the instance folder's config.py) to a long random value, "
                "e.g. the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
            )


# --8<-- [end:refuse-published-secrets]


# --8<-- [start:database-url-from-env]
def database_url_from_env() -> str | None:
    """Return ``DATABASE_URL`` rewritten for SQLAlchemy's psycopg 3 driver, if set."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# --8<-- [end:database-url-from-env]
