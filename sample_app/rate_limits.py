"""Rate limits whose rate comes from the app's config, answered with 429 and Retry-After.

``limit_from_config("DATA_RATE_LIMIT", ...)`` reads the rate on every request, so each
app, and each test, can set its own with ``app.config`` instead of patching the limiter.
"""

import time

from flask import current_app
from flask_limiter import RequestLimit

from .extensions import limiter

# The header errors.py copies from the breach response onto the error page or envelope. (A name
# both share; header names are case-insensitive, so no test could tell it from "retry-after".)
RETRY_AFTER = "Retry-After"


def retry_after(request_limit: RequestLimit):
    """Give the 429 a Retry-After header; errors.py copies it onto the error page or envelope."""
    # The limiter's windows run on time.time(), not on the app's clock service.
    seconds = max(1, request_limit.reset_at - int(time.time()))
    # A 429 of its own, so the answer is right even where no error handler rewrites it.
    return current_app.response_class(status=429, headers={RETRY_AFTER: str(seconds)})


def limit_from_config(key: str, message: str, *, scope: str | None = None, **options):
    """``limiter.limit`` with the rate in ``app.config[key]``; ``{limit}`` in ``message`` becomes that rate.

    With ``scope``, every view decorated with the same scope draws on one allowance
    (``limiter.shared_limit``), so three doors to one thing do not give three times the tries.
    """
    settings = {
        "error_message": lambda: message.format(limit=current_app.config[key]),
        "on_breach": retry_after,
        **options,
    }
    rate = lambda: current_app.config[key]  # noqa: E731 - read on every request
    if scope is None:
        return limiter.limit(rate, **settings)
    return limiter.shared_limit(rate, scope, **settings)


# --8<-- [start:login-rate-limit]
LOGIN_RATE_LIMITED = "Too many login attempts. Wait a minute, then try again."
# The name of the one allowance the login routes share; any name works, as long as it is one.
LOGIN_SCOPE = "login"
# Only attempts count: showing the login form does not. (Flask-Limiter compares methods in any
# letter case, so no test could tell this list from ["post"].)
LOGIN_METHODS = ["POST"]


def login_rate_limit():
    """One allowance of LOGIN_RATE_LIMIT per client address, shared by every login route.

    Guessing passwords takes many tries; showing the login form does not count as one.
    """
    return limit_from_config("LOGIN_RATE_LIMIT", LOGIN_RATE_LIMITED, scope=LOGIN_SCOPE, methods=LOGIN_METHODS)


# --8<-- [end:login-rate-limit]
