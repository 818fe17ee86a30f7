"""The site's own JavaScript and CSS stay small."""

import gzip
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "docs" / "assets"
BUDGET_BYTES = 8 * 1024


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_quiz_and_progress_assets_fit_the_size_budget():
    """course.js and course.css together stay within 8 KB gzipped, as sent by a web server."""
    sizes = {path.name: gzipped_size(path) for path in sorted(ASSETS.glob("course.*"))}

    assert set(sizes) == {"course.css", "course.js"}
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes
