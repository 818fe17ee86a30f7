"""Checks shared by the tests of the grader's HTML pages (feedback pages, class report).

They parse the page with the standard library's HTML parser, so a check sees the elements a
browser would build, not strings that merely look like tags inside escaped text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from autograder.outputs.class_report import script_hash

# Attributes through which a page could load or send something.
_FETCHING_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background"}


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str | None]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs)))
        self._in_style = tag in {"style", "script"}

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs)))

    def handle_data(self, data):
        if not self._in_style:
            self.text.append(data)


def elements(page: str) -> list[Element]:
    """Every element of ``page``, in document order."""
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector.elements


class _TableReader(HTMLParser):
    """The body rows of the table whose caption starts with ``caption``, as lists of cell texts."""

    def __init__(self, caption: str) -> None:
        super().__init__(convert_charrefs=True)
        self.caption = caption
        self.rows: list[list[str]] = []
        self._captions: list[str] = []
        self._in: set[str] = set()
        self._table_rows: list[list[str]] = []
        self._found = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table_rows, self._captions = [], []
        elif tag == "tr" and "tbody" in self._in:
            self._table_rows.append([])
        elif tag in {"td", "th"} and "tbody" in self._in and self._table_rows:
            self._table_rows[-1].append("")
        self._in.add(tag)

    def handle_endtag(self, tag):
        self._in.discard(tag)
        if tag == "table" and "".join(self._captions).strip().startswith(self.caption) and not self._found:
            self.rows, self._found = [[" ".join(cell.split()) for cell in row] for row in self._table_rows], True

    def handle_data(self, data):
        if "caption" in self._in:
            self._captions.append(data)
        elif "tbody" in self._in and self._table_rows and self._table_rows[-1]:
            # Text of separate elements (list items in a cell) stays apart, as a reader sees it.
            self._table_rows[-1][-1] += f" {data}"


def table_rows(page: str, caption: str) -> list[list[str]]:
    """The body rows of the first table captioned ``caption...``, each a list of its cells' text."""
    reader = _TableReader(caption)
    reader.feed(page)
    reader.close()
    assert reader._found, f"no table captioned {caption!r}"
    return reader.rows


def text(page: str) -> str:
    """The page's text as a reader sees it (entities decoded; tags, stylesheet and script dropped)."""
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return "".join(collector.text)


def assert_self_contained(page: str, *, local_links: bool = False) -> None:
    """No stylesheet link, no attribute that fetches, no script but the page's own; a CSP that forbids the rest.

    An inline script may run only if the CSP allows exactly it by its hash (the class report's
    table sorting); ``local_links`` allows relative links to other local pages (its feedback pages).
    """
    found = elements(page)
    tags = {element.tag for element in found}
    assert not tags & {"link", "iframe", "object", "embed", "img", "base", "form"}, tags
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == sum(element.tag == "script" for element in found), "only inline scripts, no src"
    for element in found:
        fetching = (_FETCHING_ATTRIBUTES & element.attrs.keys()) - ({"href"} if element.tag == "a" else set())
        assert not fetching, f"<{element.tag}> has {fetching}"
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert not handlers, f"<{element.tag}> has event handlers {handlers}"
        if element.tag == "a":
            href = element.attrs.get("href") or "#"
            if local_links:
                assert "://" not in href and not href.startswith(("/", "//")), f"links must stay local: {href}"
            else:
                assert href.startswith("#"), "links must stay on the page"
    csp = [
        e.attrs.get("content") or ""
        for e in found
        if e.tag == "meta" and (e.attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert csp and "default-src 'none'" in csp[0], "the page must forbid scripts and outside requests"
    allowed = re.findall(r"script-src ([^;]*)", csp[0])
    hashes = {f"'sha256-{script_hash(script)}'" for script in scripts}
    assert set(" ".join(allowed).split()) == hashes, f"the CSP must allow exactly the page's own scripts: {allowed}"


def assert_accessible_structure(page: str) -> None:
    """A language, a title, one h1, no skipped heading level, captioned tables, scoped headers."""
    found = elements(page)
    html = next(e for e in found if e.tag == "html")
    assert html.attrs.get("lang"), "<html> needs a lang"
    assert any(e.tag == "title" for e in found), "the page needs a <title>"
    levels = [int(e.tag[1]) for e in found if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert levels.count(1) == 1 and levels[0] == 1, f"exactly one h1, first: {levels}"
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, f"heading level jumps from h{previous} to h{current}"
    tables = sum(e.tag == "table" for e in found)
    assert sum(e.tag == "caption" for e in found) == tables, "every table needs a caption"
    for header in (e for e in found if e.tag == "th"):
        assert header.attrs.get("scope") in {"col", "row"}, "every <th> needs scope='col' or 'row'"
