"""Glossary tooltips only where a term first appears on a page.

``docs/includes/glossary.md`` is appended to every page as Markdown abbreviations, and the
``abbr`` extension wraps *every* occurrence of a term in ``<abbr title=...>``, which Material
shows as a tooltip. A page that says "fixture" forty times does not need forty tooltips, so this
treeprocessor, run right after ``abbr``, keeps one ``<abbr>`` per term and page: the first one in
running text. Occurrences in headings and link text never get one (a tooltip there competes
with the link or the table of contents), and the later ones go back to plain text.

Register it after ``abbr`` in ``mkdocs.yml``::

    markdown_extensions:
      - abbr
      - course_site.glossary
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

__all__ = ["FirstUseOnly", "GlossaryExtension", "makeExtension"]

# Python-Markdown's abbr treeprocessor has priority 7 and toc 5: run between them.
PRIORITY = 6
NO_TOOLTIP_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6"}


class FirstUseOnly(Treeprocessor):
    """Unwrap every ``<abbr>`` but the first of each term outside headings and links."""

    def run(self, root: etree.Element) -> None:
        seen: set[str] = set()
        unwrap: list[tuple[etree.Element, etree.Element]] = []

        def walk(element: etree.Element, hidden: bool) -> None:
            for child in element:
                if child.tag == "abbr":
                    term = child.text or ""
                    if hidden or term in seen:
                        unwrap.append((element, child))
                    else:
                        seen.add(term)
                walk(child, hidden or child.tag in NO_TOOLTIP_INSIDE)

        walk(root, False)
        for parent, abbr in unwrap:
            _unwrap(parent, abbr)


def _unwrap(parent: etree.Element, abbr: etree.Element) -> None:
    """Replace ``abbr`` by its text, joined to the text before it."""
    index = list(parent).index(abbr)
    text = (abbr.text or "") + (abbr.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    parent.remove(abbr)


class GlossaryExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(FirstUseOnly(md), "glossary_first_use", PRIORITY)


def makeExtension(**kwargs: Any) -> GlossaryExtension:
    return GlossaryExtension(**kwargs)
