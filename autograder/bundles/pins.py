"""Versions for a bundle's requirements, picked from the course's one pinned requirements file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from autograder.paths import COURSE

__all__ = ["APP_AND_TEST_PACKAGES", "pinned_requirements"]

# What a learner's app and tests may import, wherever they run: in the learner's JupyterLab, in
# the course's grader and in the Gradescope autograder alike (pytest-mock for the lessons' ``mocker``,
# rich for the self-check's summary). One list, so a test that passes ``check()`` can import the
# same things when it is graded.
APP_AND_TEST_PACKAGES = (
    "Flask",
    "Werkzeug",
    "Flask-SQLAlchemy",
    "SQLAlchemy",
    "Flask-WTF",
    "email-validator",
    "flask-jwt-extended",
    "PyJWT",
    "Flask-Mail",
    "Flask-Limiter",
    "itsdangerous",
    "requests",
    "Pillow",
    "pytest",
    "pytest-mock",
    "rich",
)


def pinned_requirements(names: Iterable[str], requirements: Path = COURSE.requirements) -> str:
    """The ``name==version`` lines of ``names`` taken from the course's requirements file.

    One place pins every version; a bundle only picks lines. A name that is not pinned there is
    an error, so a bundle can never install an unpinned package.
    """
    pinned: dict[str, str] = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name = re.split(r"[\[=]", line, maxsplit=1)[0].strip()
            pinned[_normalise(name)] = line
    missing = [name for name in names if _normalise(name) not in pinned]
    if missing:
        raise ValueError(f"{requirements} pins no version of: {', '.join(missing)}")
    return "".join(f"{pinned[_normalise(name)]}\n" for name in names)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
