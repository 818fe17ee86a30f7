"""Lesson 6: the sample API's field checks as validation tables, one readable id per row."""

import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from sample_app.accounts import FieldError
from sample_app.api.validation import positive_int_args, text

title = text(max_length=10)


# --8<-- [start:accepted]
@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        pytest.param("Flask", "Flask", id="plain"),
        pytest.param("  Flask  ", "Flask", id="surrounding-spaces"),
        pytest.param("x" * 10, "x" * 10, id="longest-allowed"),
        pytest.param("Größe ✓", "Größe ✓", id="non-ascii"),
    ],
)
def test_title_check_accepts_and_cleans(sent, kept):
    """Good titles come back stripped, and are otherwise kept exactly as sent."""
    assert title(sent) == kept


# --8<-- [end:accepted]


# --8<-- [start:rejected]
@pytest.mark.parametrize(
    ("sent", "message"),
    [
        pytest.param(None, "Must be a string.", id="null"),
        pytest.param(42, "Must be a string.", id="number"),
        pytest.param(["Flask"], "Must be a string.", id="list"),
        pytest.param({"text": "Flask"}, "Must be a string.", id="object"),
        pytest.param("", "Must not be blank.", id="empty"),
        pytest.param(" \t\n", "Must not be blank.", id="only-whitespace"),
        pytest.param("x" * 11, "Must be at most 10 characters long.", id="one-too-long"),
        pytest.param("x" * 1_000_000, "Must be at most 10 characters long.", id="a-megabyte"),
    ],
)
def test_title_check_rejects_with_a_message(sent, message):
    """Every bad value raises FieldError with the message the client will read."""
    with pytest.raises(FieldError) as rejected:
        title(sent)

    assert str(rejected.value) == message


# --8<-- [end:rejected]


# --8<-- [start:query-numbers]
@pytest.mark.parametrize(
    "query",
    ["page=0", "page=-1", "page=1e3", "page=%EF%BC%91", "page=" + "9" * 10],
    ids=["zero", "negative", "exponent", "full-width-digit", "ten-digits"],
)
def test_bad_page_number_aborts_with_the_400_envelope(query):
    """positive_int_args() stops the request with a 400 that names the argument."""
    app = Flask(__name__)

    with app.test_request_context(f"/api/posts?{query}"), pytest.raises(HTTPException) as aborted:
        positive_int_args({"page": 1})

    response = aborted.value.response
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"page": ["Must be a whole number from 1 to 999999999."]}


# --8<-- [end:query-numbers]
