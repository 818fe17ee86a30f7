"""Lesson 2 challenge, the starting point: a table of cases whose ids were copied and pasted."""

import pytest

from sample_app.services.file_storage import display_name


@pytest.mark.parametrize(
    ("sent_as", "shown_as"),
    [
        pytest.param("reports/2026/summary.pdf", "summary.pdf", id="folders"),
        pytest.param("C:\\Users\\ann\\cv.docx", "cv.docx", id="folders"),
        pytest.param("evil\u202etxt.exe", "eviltxt.exe", id="control-characters"),
        pytest.param("line\nbreak.txt", "linebreak.txt", id="control-characters"),
        pytest.param("  notes.txt ", "notes.txt", id="spaces"),
    ],
)
def test_display_name_is_safe_to_show(sent_as, shown_as):
    """An uploaded file is shown by its last path component, with no control characters."""
    assert display_name(sent_as) == shown_as
