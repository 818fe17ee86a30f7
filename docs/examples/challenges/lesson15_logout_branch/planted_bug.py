"""A planted bug for the lesson 15 challenge: logging out assumes someone is logged in.

Load it with ``-p docs.examples.challenges.lesson15_logout_branch.planted_bug``: for every test,
the logout view calls a ``log_out`` without the ``if user is not None`` check, so a logout with
no session crashes. It sits on the one branch the starting tests never take.
"""

import pytest
from flask import session

from sample_app import auth
from sample_app.access import session_user
from sample_app.extensions import db


def log_out_without_the_check() -> None:
    user = session_user()
    user.end_sessions()
    db.session.commit()
    session.clear()


@pytest.fixture(autouse=True)
def _log_out_without_the_check(monkeypatch):
    """The logout view calls the unchecked ``log_out``, for this test only."""
    monkeypatch.setattr(auth, "log_out", log_out_without_the_check)
