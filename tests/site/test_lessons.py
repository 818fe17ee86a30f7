"""The Markdown sources of the pages: lesson skeleton, and Python only through snippets."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
FILES = Path(__file__).parent / "files"

LESSONS = sorted((DOCS / "lessons").glob("*.md"))
# contributing.md documents the Markdown syntax itself, so it quotes code on purpose.
CONTENT_PAGES = sorted(
    page
    for page in DOCS.rglob("*.md")
    if page.name != "contributing.md" and "includes" not in page.relative_to(DOCS).parts
)

FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
SNIPPET_LINE = re.compile(r"^\s*-+8<-+\s*\S")
SNIPPET_BLOCK_MARKER = re.compile(r"^\s*-+8<-+\s*$")
PYTHON = {"python", "py", "python3", "py3", "pycon"}


def language(info: str) -> str:
    """The language of a fence's info string: `python title="x"` or `{.python .annotate}`."""
    words = info.replace("{", " ").split()
    return words[0].lstrip(".").lower() if words else ""


def inline_python_blocks(text: str) -> list[int]:
    """Line numbers of fenced Python blocks holding anything but snippet includes."""
    offending = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        number += 1
        if not opening:
            continue
        fence, start, body = opening["fence"], number, []
        while number < len(lines) and not lines[number].strip().startswith(fence):
            body.append(lines[number])
            number += 1
        number += 1
        if language(opening["info"]) in PYTHON and not only_snippets(body):
            offending.append(start)
    return offending


def only_snippets(body: list[str]) -> bool:
    """True when every line includes a file: `--8<-- "path"`, or paths between bare `--8<--` lines."""
    inside_block = False
    for line in body:
        if SNIPPET_BLOCK_MARKER.match(line):
            inside_block = not inside_block
        elif line.strip() and not inside_block and not SNIPPET_LINE.match(line):
            return False
    return True


@pytest.mark.parametrize("page", CONTENT_PAGES, ids=lambda page: str(page.relative_to(DOCS)))
def test_page_has_no_inline_python(page):
    """Python in pages is snippet-included from files that tests run, so it cannot rot."""
    assert inline_python_blocks(page.read_text(encoding="utf-8")) == []


def test_inline_python_check_finds_python_typed_into_a_page():
    """The check flags typed-in Python and accepts includes, shell sessions and other fences."""
    text = (FILES / "inline_python.md").read_text(encoding="utf-8")

    assert inline_python_blocks(text) == [9, 21]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda page: page.stem)
def test_lesson_has_the_skeleton_sections(lesson):
    """Every lesson states its time, prerequisites, objectives and key points, and has a quiz section."""
    text = lesson.read_text(encoding="utf-8")

    assert re.match(rf"# {int(lesson.stem[:2])}\. \S", text), "the title starts with the lesson number"
    for marker in ("**Time:**", "**Prerequisites:**", "\n## Objectives\n", "\n## Key points\n", "\n## Quiz\n"):
        assert marker in text
