"""Checks shared by the tests of the grader's HTML pages (feedback pages, class report).

They parse the page with the standard library's HTML parser, so a check sees the elements a
browser would build, not strings that merely look like tags inside escaped text.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

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
        self._in_style = tag == "style"

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


def text(page: str) -> str:
    """The page's text as a reader sees it (entities decoded, tags and the stylesheet dropped)."""
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return "".join(collector.text)


def assert_self_contained(page: str) -> None:
    """No script, no stylesheet link, no attribute that fetches; a CSP that forbids both."""
    found = elements(page)
    tags = {element.tag for element in found}
    assert not tags & {"script", "link", "iframe", "object", "embed", "img", "base", "form"}, tags
    for element in found:
        fetching = (_FETCHING_ATTRIBUTES & element.attrs.keys()) - ({"href"} if element.tag == "a" else set())
        assert not fetching, f"<{element.tag}> has {fetching}"
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert not handlers, f"<{element.tag}> has event handlers {handlers}"
        if element.tag == "a":
            assert (element.attrs.get("href") or "#").startswith("#"), "links must stay on the page"
    csp = [e.attrs.get("content") or "" for e in found
           if e.tag == "meta" and (e.attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert csp and "default-src 'none'" in csp[0], "the page must forbid scripts and outside requests"


def assert_accessible_structure(page: str) -> None:
    """A language, a title, one h1, no skipped heading level, captioned tables, scoped headers."""
    found = elements(page)
    html = next(e for e in found if e.tag == "html")
    assert html.attrs.get("lang"), "<html> needs a lang"
    assert any(e.tag == "title" for e in found), "the page needs a <title>"
    levels = [int(e.tag[1]) for e in found if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert levels.count(1) == 1 and levels[0] == 1, f"exactly one h1, first: {levels}"
    for previous, current in zip(levels, levels[1:]):
        assert current <= previous + 1, f"heading level jumps from h{previous} to h{current}"
    tables = sum(e.tag == "table" for e in found)
    assert sum(e.tag == "caption" for e in found) == tables, "every table needs a caption"
    for header in (e for e in found if e.tag == "th"):
        assert header.attrs.get("scope") in {"col", "row"}, "every <th> needs scope='col' or 'row'"
