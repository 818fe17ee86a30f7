"""The site's own assets: JavaScript and CSS stay small, diagrams work in both palettes."""

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parents[2] / "docs" / "assets"
BUDGET_BYTES = 8 * 1024


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_quiz_and_progress_assets_fit_the_size_budget():
    """course.js and course.css together stay within 8 KB gzipped, as sent by a web server."""
    sizes = {path.name: gzipped_size(path) for path in sorted(ASSETS.glob("course.*"))}

    assert set(sizes) == {"course.css", "course.js"}
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes


SVG = "{http://www.w3.org/2000/svg}"
# Colours that follow the page: the text colour, nothing, or one of Material's palette variables
# (with a fallback for the file opened on its own).
PALETTE_COLOUR = re.compile(r"^(currentColor|none|url\(#[\w-]+\)|var\(--md-[\w-]+(, [^;]+)?\))$")


def colours(element: ET.Element) -> list[str]:
    """The fill and stroke values an element sets, as attributes or in its style."""
    found = [value for name in ("fill", "stroke") if (value := element.get(name))]
    for declaration in filter(None, (part.strip() for part in element.get("style", "").split(";"))):
        name, _, value = declaration.partition(":")
        if name.strip() in ("fill", "stroke", "color"):
            found.append(value.strip())
    return found


@pytest.mark.parametrize("diagram", sorted(ASSETS.glob("*.svg")), ids=lambda path: path.name)
def test_diagrams_follow_both_palettes_and_describe_themselves(diagram):
    """Each diagram draws only in the page's colours, and names and describes itself for screen readers."""
    root = ET.parse(diagram).getroot()

    assert root.get("role") == "img"
    labels = root.get("aria-labelledby", "").split()
    texts = {
        element.get("id"): "".join(element.itertext()).strip()
        for element in root.iter()
        if element.tag in (f"{SVG}title", f"{SVG}desc")
    }
    assert labels and all(texts.get(label) for label in labels), (labels, texts)
    fixed = [value for element in root.iter() for value in colours(element) if not PALETTE_COLOUR.match(value)]
    assert fixed == []
