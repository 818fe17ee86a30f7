"""The notebooks' links to the course's lessons: where they point, and one place that says so.

The notebooks in ``exercises/`` and ``solutions/`` link to the published lesson pages,
``<site>lessons/<NN-slug>/``, with ``<site>`` the course site's address. That address is set here
and only here: :data:`DEFAULT_SITE_URL`, or the ``COURSE_SITE_URL`` environment variable (the one
``mkdocs.yml`` reads for ``site_url``) when it is set. The learner bundle rewrites the links to the
address it is built for (``python -m autograder release --site-url URL``) or, when the offline site
ships with it (``--offline-site site-offline``), to that copy's pages, relative to the notebooks.

After changing :data:`DEFAULT_SITE_URL`, rewrite the repository's notebooks with
``python -m autograder.bundles.lesson_links``; ``tests/site/test_notebook_links.py`` fails until then.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from autograder.paths import COURSE

__all__ = [
    "DEFAULT_SITE_URL",
    "OFFLINE_SITE_FOLDER",
    "LessonLink",
    "lesson_links",
    "offline_lesson_url",
    "published_lesson_url",
    "relink_lessons",
    "site_url",
]

# GitHub Pages' address for the repository that mkdocs.yml's repo_url defaults to:
# https://github.com/<owner>/<name> is published at https://<owner>.github.io/<name>/.
DEFAULT_SITE_URL = "https://flask-testing-course.github.io/flask-testing-course/"
SITE_URL_VARIABLE = "COURSE_SITE_URL"
# Where the offline site goes in a bundle: beside the notebooks, inside the folder JupyterLab
# opens (`jupyter lab exercises`), so that the notebooks' relative links stay inside it.
OFFLINE_SITE_FOLDER = "site"

# A Markdown link's target, and a lesson page in any of the forms the course has used:
# published (lessons/NN-slug/), offline (lessons/NN-slug.html) or the source (lessons/NN-slug.md).
_LINK_TARGET = re.compile(r"\]\(([^()\s]+)\)")
_LESSON_PAGE = re.compile(r"(?:^|/)lessons/(\d\d-[a-z0-9-]+)(?:/|\.html|\.md)$")


@dataclass(frozen=True)
class LessonLink:
    cell_id: str
    url: str
    lesson: str  # the page's file name without .md, such as 04-test-client


def site_url() -> str:
    """The course site's address, ending with ``/``: ``COURSE_SITE_URL`` or the default."""
    url = os.environ.get(SITE_URL_VARIABLE) or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def published_lesson_url(lesson: str, base: str | None = None) -> str:
    base = site_url() if base is None else (base if base.endswith("/") else base + "/")
    return f"{base}lessons/{lesson}/"


def offline_lesson_url(lesson: str) -> str:
    """A lesson of the offline site (``use_directory_urls: false``), relative to the notebooks."""
    return f"{OFFLINE_SITE_FOLDER}/lessons/{lesson}.html"


def _lesson_of(target: str) -> str | None:
    match = _LESSON_PAGE.search(target.split("#", 1)[0])
    return match.group(1) if match else None


def lesson_links(notebook) -> Iterator[LessonLink]:
    """Every link to a lesson page in the notebook's Markdown cells."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for target in _LINK_TARGET.findall(cell.source):
            lesson = _lesson_of(target)
            if lesson is not None:
                yield LessonLink(cell.get("id", ""), target, lesson)


def relink_lessons(notebook, *, base: str | None = None, offline: bool = False) -> None:
    """Point every lesson link of ``notebook`` (in place) at the site at ``base`` or the offline copy."""

    def replace(match: re.Match) -> str:
        target = match.group(1)
        lesson = _lesson_of(target)
        if lesson is None:
            return match.group(0)
        fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
        url = offline_lesson_url(lesson) if offline else published_lesson_url(lesson, base)
        return f"]({url}{fragment})"

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = _LINK_TARGET.sub(replace, cell.source)


def relink_file(path: Path, *, base: str | None = None) -> bool:
    """Rewrite one notebook file's lesson links in its JSON text, keeping its formatting; True if changed."""
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match) -> str:
        target = match.group(1)
        lesson = _lesson_of(target)
        if lesson is None:
            return match.group(0)
        fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
        return f"]({published_lesson_url(lesson, base)}{fragment})"

    new = _LINK_TARGET.sub(replace, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def main() -> int:
    """Point the lesson links of every notebook in exercises/ and solutions/ at DEFAULT_SITE_URL."""
    repo = COURSE.root
    for folder in ("exercises", "solutions"):
        for path in sorted((repo / folder).glob("*.ipynb")):
            if relink_file(path, base=DEFAULT_SITE_URL):
                print(f"relinked {path.relative_to(repo)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
