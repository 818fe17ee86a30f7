"""The app's only source of "now", so tests can freeze time in one place."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
