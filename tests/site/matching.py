"""A regular expression's match that a test relies on."""

import re


def found(match: re.Match[str] | None) -> re.Match[str]:
    """``match`` itself; a pattern that found nothing fails the test here, not as an AttributeError on None."""
    assert match is not None, "the pattern found nothing"
    return match
