"""A planted bug for the lesson 6 challenge: the post title is checked for its type, and nothing else.

Load it with ``-p docs.examples.challenges.lesson06_title_table.planted_bug``: for every test,
the ``title`` entry of the API's ``POST_FIELDS`` table gets a check that still refuses a missing
title or one that is not a string, but lets through empty and whitespace-only titles, and titles
of any length. The table is put back as it was when the test ends.
"""

import pytest

from sample_app.accounts import FieldError
from sample_app.api.posts import POST_FIELDS
from sample_app.api.validation import Field


def any_string(value):
    """The title check with its blank and length rules left out."""
    if not isinstance(value, str):
        raise FieldError("Must be a string.")
    return value.strip()


@pytest.fixture(autouse=True)
def _title_check_forgets_blank_and_length(app, monkeypatch):
    """Swap the title's check in POST_FIELDS for this test only; monkeypatch restores it."""
    monkeypatch.setitem(POST_FIELDS, "title", Field(any_string))
