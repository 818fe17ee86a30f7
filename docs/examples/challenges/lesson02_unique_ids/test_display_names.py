"""Lesson 2 challenge, solved: every case has an id of its own that says what it checks."""

import pytest

from sample_app.services.file_storage import display_name


# --8<-- [start:ids]
@pytest.mark.parametrize(
    ("sent_as", "shown_as"),
    [
        pytest.param("reports/2026/summary.pdf", "summary.pdf", id="slash-folders"),
        pytest.param("C:\\Users\\ann\\cv.docx", "cv.docx", id="backslash-folders"),
        pytest.param("evil\u202etxt.exe", "eviltxt.exe", id="right-to-left-override"),
        pytest.param("line\nbreak.txt", "linebreak.txt", id="newline"),
        pytest.param("  notes.txt ", "notes.txt", id="surrounding-spaces"),
    ],
)
def test_display_name_is_safe_to_show(sent_as, shown_as):
    """An uploaded file is shown by its last path component, with no control characters."""
    assert display_name(sent_as) == shown_as


# --8<-- [end:ids]
