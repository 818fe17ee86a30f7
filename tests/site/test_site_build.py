"""The MkDocs configuration: strict builds, the offline variant, nothing loaded from other hosts."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
# <link> relations that name a page rather than make the browser fetch something.
NOT_FETCHED = {"canonical", "alternate", "prev", "next"}


class FetchedUrls(HTMLParser):
    """Collects the URLs a browser loads by itself while showing a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attributes.get("src"):
            self.urls.append(attributes["src"])
        elif tag == "link" and attributes.get("href") and not NOT_FETCHED & set((attributes.get("rel") or "").split()):
            self.urls.append(attributes["href"])


def test_site_builds_without_warnings(site_build):
    """`mkdocs build --strict` succeeds: no broken snippet, link, anchor or quiz."""
    assert site_build.result.returncode == 0, site_build.log
    assert "WARNING" not in site_build.log


def test_every_lesson_page_is_built(built_site):
    """Each lesson source becomes a page of the site."""
    lessons = sorted(path.stem for path in (REPO / "docs/lessons").glob("*.md"))
    built = sorted(page.parent.name for page in (built_site / "lessons").glob("*/index.html"))

    assert lessons, "no lesson sources in docs/lessons"
    assert built == lessons


def test_pages_fetch_nothing_from_other_hosts(built_site, site_build):
    """No script, stylesheet, font, icon or image is referenced on another host."""
    offending = {}
    for page in site_build.pages():
        parser = FetchedUrls()
        parser.feed((built_site / page).read_text(encoding="utf-8"))
        # Relative URLs stay on the site's host; any URL with a host of its own leaves it.
        remote = [url for url in parser.urls if urlsplit(url).netloc]
        if remote:
            offending[str(page)] = remote

    assert offending == {}


def test_examples_and_templates_are_not_published(built_site):
    """Python examples, the glossary and template overrides stay out of the published site."""
    assert not (built_site / "examples").exists()
    assert not (built_site / "includes").exists()
    assert not (built_site / "overrides").exists()


@pytest.mark.slow
def test_offline_build_links_pages_as_files(mkdocs_build, tmp_path):
    """The offline variant has .html addresses a browser resolves from the file system, and no search."""
    site = tmp_path / "site-offline"

    result = mkdocs_build(site, REPO / "mkdocs.offline.yml")

    assert result.returncode == 0, result.stderr
    assert (site / "lessons/01-why-test.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="lessons/01-why-test.html"' in home
    assert not (site / "search").exists()
