"""The app's only source of "now", so tests can freeze time in one place."""

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)
