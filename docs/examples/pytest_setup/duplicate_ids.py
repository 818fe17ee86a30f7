"""Lesson 2: two parametrize rows with the same id, which only pytest's `strict` option refuses.

The course's settings accept the module (pytest renames the ids), so it is run by name only;
tests/site/test_console_outputs.py checks both runs the lesson shows.
"""

import pytest

from docs.examples.why_test.test_pyramid import slugify


# --8<-- [start:ids]
@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param("Hello, Flask", "hello-flask", id="punctuation"),
        pytest.param("Tests: why bother?", "tests-why-bother", id="punctuation"),
    ],
)
def test_slugify_drops_punctuation(title, slug):
    """Commas, colons and question marks never reach the address."""
    assert slugify(title) == slug


# --8<-- [end:ids]
