"""The instructor guide has a page per lesson whose timings add up and whose sample_app paths exist."""

import re
from pathlib import Path

import pytest

from tests.site.matching import found

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "docs" / "lessons"
GUIDE = ROOT / "docs" / "instructors" / "lessons"
SECTIONS = ["## Timing", "## Misconceptions", "## Live-coding order", "## Discussion questions"]
LESSON_SLUGS = sorted(p.stem for p in LESSONS.glob("[0-9][0-9]-*.md"))
TOTAL = re.compile(r"\*\*Total: (\d+) minutes\*\*")
ROW = re.compile(r"^\| (.+?) \| (\d+) \|$", re.MULTILINE)


def timing(text: str) -> tuple[list[int], int]:
    section = text.split("## Timing", 1)[1].split("\n## ", 1)[0]
    parts = [int(m) for _, m in ROW.findall(section)]
    return parts, int(found(TOTAL.search(section)).group(1))


def test_every_lesson_has_an_instructor_page():
    assert LESSON_SLUGS
    missing = [s for s in LESSON_SLUGS if not (GUIDE / f"{s}.md").is_file()]
    assert not missing


@pytest.mark.parametrize("slug", LESSON_SLUGS)
def test_page_has_sections_and_timing_adds_up(slug):
    text = (GUIDE / f"{slug}.md").read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert f"\n{heading}\n" in text, heading
    parts, total = timing(text)
    assert parts and sum(parts) == total
    assert f"../../lessons/{slug}.md" in text


def test_index_table_matches_pages():
    text = (GUIDE / "index.md").read_text(encoding="utf-8")
    rows = {found(re.search(r"\(([^)]+)\.md\)", name)).group(1): int(m) for name, m in ROW.findall(text)}
    assert set(rows) == set(LESSON_SLUGS)
    for slug, minutes in rows.items():
        assert timing((GUIDE / f"{slug}.md").read_text(encoding="utf-8"))[1] == minutes, slug
    assert sum(rows.values()) == int(found(TOTAL.search(text)).group(1))


@pytest.mark.parametrize("page", sorted(GUIDE.glob("*.md")), ids=lambda p: p.name)
def test_sample_app_paths_exist(page):
    paths = re.findall(r"sample_app/[\w./-]*\w/?", page.read_text(encoding="utf-8"))
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing
