"""HTML pages for people: autoescaping Jinja templates that share one self-contained layout.

Everything a submission sends us (names, messages, error lines) is hostile text. Autoescaping
makes every ``{{ value }}`` safe by default, and the layout's Content-Security-Policy forbids
scripts and every outside request, should an escape ever be missed.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import jinja2

from autograder.outputs.gradebook import format_score

__all__ = ["counted", "environment", "safe_file_stem"]


@cache
def environment(package: str) -> jinja2.Environment:
    """An environment for ``package``'s ``templates/`` folder that can extend ``page.html.j2``."""
    loader = jinja2.ChoiceLoader([jinja2.PackageLoader(package), jinja2.PackageLoader(__package__)])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["score"] = format_score
    env.filters["counted"] = counted
    return env


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``"1 test"``, ``"2 tests"``: a count with its noun in the right number."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def safe_file_stem(name: str) -> str:
    """A file name stem made from untrusted ``name``: only ``[A-Za-z0-9_-]``, unique per name.

    A name that is already safe is kept as it is; any other gets a short hash of the original,
    so that ``"a b"`` and ``"a/b"`` cannot land on the same file.
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:60]
    if slug and slug == name:
        return slug
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug or 'unnamed'}-{digest}"
