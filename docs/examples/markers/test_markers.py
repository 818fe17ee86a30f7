"""Lesson 17: markers that say why a test is special, so nobody has to guess."""

import re
import sys
from datetime import datetime

import pytest


def slugify(title: str) -> str:
    """Turn a post title into the URL-friendly part of its address."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


# --8<-- [start:xfail]
@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param("Hello, Flask", "hello-flask", id="punctuation"),
        pytest.param("  Testing   with pytest ", "testing-with-pytest", id="spaces"),
        pytest.param(
            "Café society",
            "cafe-society",
            id="accents",
            marks=pytest.mark.xfail(raises=AssertionError, reason="accents are dropped, not transliterated"),
        ),
    ],
)
def test_slugify_makes_readable_addresses(title, slug):
    """Titles become lowercase words joined by single hyphens."""
    assert slugify(title) == slug


# --8<-- [end:xfail]


# --8<-- [start:skipif]
@pytest.mark.skipif(sys.version_info < (3, 12), reason="utcnow() is deprecated from Python 3.12 on")
def test_utcnow_is_deprecated_so_the_course_uses_timezone_aware_now():
    """The reason behind the house rule: utcnow() warns, datetime.now(timezone.utc) does not."""
    with pytest.warns(DeprecationWarning, match="utcnow"):
        datetime.utcnow()


# --8<-- [end:skipif]
