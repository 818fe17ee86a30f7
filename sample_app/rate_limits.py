"""Rate limits whose rate comes from the app's config, answered with 429 and Retry-After.

``limit_from_config("DATA_RATE_LIMIT", ...)`` reads the rate on every request, so each
app, and each test, can set its own with ``app.config`` instead of patching the limiter.
"""

import time

from flask import current_app
from flask_limiter import RequestLimit

from .extensions import limiter


def retry_after(request_limit: RequestLimit):
    """Give the 429 a Retry-After header; errors.py copies it onto the error page or envelope."""
    # The limiter's windows run on time.time(), not on the app's clock service.
    seconds = max(1, request_limit.reset_at - int(time.time()))
    return current_app.response_class(status=429, headers={"Retry-After": str(seconds)})


def limit_from_config(key: str, message: str, **options):
    """``limiter.limit`` with the rate in ``app.config[key]``; ``{limit}`` in ``message`` becomes that rate."""
    return limiter.limit(
        lambda: current_app.config[key],
        error_message=lambda: message.format(limit=current_app.config[key]),
        on_breach=retry_after,
        **options,
    )
