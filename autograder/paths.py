"""Where the grader finds what lives outside its own package: one object, so no module says ``../``.

In the course repository and in a Gradescope bundle alike, the package sits in a folder beside
``solutions/`` (and, in the repository, ``exercises/`` and ``requirements.txt``); that folder is
``COURSE.root``. Commands and tests that grade material from elsewhere pass their own folders
to the functions that take them; nothing else needs to know the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["COURSE", "PACKAGE_DIR", "CoursePaths"]

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CoursePaths:
    """The course's folders outside the package, all from one root (the suites are always the package's own)."""

    root: Path

    @property
    def suites(self) -> Path:
        """One folder per exercise: ``suite.toml``, hidden and public tests, mutants."""
        return PACKAGE_DIR / "suites"

    @property
    def solutions(self) -> Path:
        """The reference notebook of each exercise, ``<id>.ipynb``."""
        return self.root / "solutions"

    @property
    def exercises(self) -> Path:
        """The learners' starting notebooks."""
        return self.root / "exercises"

    @property
    def requirements(self) -> Path:
        """The course's one pinned requirements file."""
        return self.root / "requirements.txt"


COURSE = CoursePaths(root=PACKAGE_DIR.parent)
