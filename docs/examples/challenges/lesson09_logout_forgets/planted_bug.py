"""A planted bug for the lesson 9 challenge: logging out says goodbye and forgets nobody.

Load it with ``-p docs.examples.challenges.lesson09_logout_forgets.planted_bug``: for every
test, the app's logout view is swapped for one that flashes and redirects, and keeps the
session as it was.
"""

import pytest
from flask import flash, redirect, url_for


def logout_that_keeps_the_session():
    flash("You have been logged out.", "info")
    return redirect(url_for("pages.index"))


@pytest.fixture(autouse=True)
def _logout_keeps_the_session(app):
    """Route POST /logout to the buggy view, in this test's app only."""
    app.view_functions["auth.logout"] = logout_that_keeps_the_session
