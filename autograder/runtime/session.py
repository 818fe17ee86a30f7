"""The fixture vocabulary, defined once: what every test of the course may ask for by name.

``client`` (a test client of a fresh app), ``make_client(**config)`` (a client of another fresh
app with extra config) and ``outbox`` (the mails the ``client`` app sent). ``harness.AppSession``
provides them in-process, ``remote.RemoteSession`` across a process boundary; both are a
``CourseSession``. ``pytest_run.FixturePlugin`` turns either into pytest fixtures, and a suite's
``fixtures`` setting names those of them, besides ``client``, that its tests use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

__all__ = ["FIXTURE_NAMES", "CourseSession", "fixture_value"]

FIXTURE_NAMES = ("client", "make_client", "outbox")


@runtime_checkable
class CourseSession(Protocol):
    """The fixtures of one test, made fresh for it and closed after it."""

    @property
    def client(self) -> Any: ...

    def make_client(self, **config: Any) -> Any: ...

    @property
    def outbox(self) -> Sequence[Mapping[str, Any]]: ...

    def close(self) -> None: ...


def fixture_value(session: CourseSession, name: str) -> Any:
    """The value of fixture ``name`` in ``session``; ``KeyError`` for a name outside the vocabulary."""
    if name not in FIXTURE_NAMES:
        raise KeyError(name)
    return getattr(session, name)
