"""The one rule for where a notebook's code and tests are: cells tagged ``app`` and ``tests``.

The grader, the self-check, the starter notebooks and the exercise pages all follow it: the
learner's tests are the ``test*`` functions and ``Test*`` classes of the code cells tagged
``tests``, joined in notebook order into one module. A test defined anywhere else is not run by
the grader; ``tests_outside_the_rule`` finds such tests so that both can say so by name.
Works on plain notebook JSON (``nbformat`` nodes are dicts too), so the learner bundle needs
nothing but the standard library to apply it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "APP_TAG",
    "TESTS_TAG",
    "cell_source",
    "defined_tests",
    "tagged_cells",
    "tagged_source",
    "tests_outside_the_rule",
]

APP_TAG = "app"
TESTS_TAG = "tests"


def cell_source(cell: Mapping[str, Any]) -> str:
    """A cell's source as one string (notebook files may store it as a list of lines)."""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(str(line) for line in source)
    return source if isinstance(source, str) else ""


def _tags(cell: Mapping[str, Any]) -> list[str]:
    metadata = cell.get("metadata")
    tags = metadata.get("tags", []) if isinstance(metadata, Mapping) else []
    return [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []


def tagged_cells(cells: Iterable[Any], tag: str) -> list[tuple[int, str]]:
    """``(index, source)`` of the code cells carrying ``tag``, in notebook order."""
    return [
        (index, cell_source(cell))
        for index, cell in enumerate(cells)
        if isinstance(cell, Mapping) and cell.get("cell_type") == "code" and tag in _tags(cell)
    ]


def tagged_source(cells: Iterable[Any], tag: str) -> str:
    """The sources of the code cells carrying ``tag``, joined in order into one module's text."""
    return "\n\n".join(source for _, source in tagged_cells(cells, tag)).strip() + "\n"


def defined_tests(source: str) -> list[str]:
    """Names of the top-level ``test*`` functions and ``Test*`` classes pytest would collect from ``source``."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []  # IPython magics, or a half-written cell: nothing to say about it here
    return [
        node.name
        for node in tree.body
        if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"))
        or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))
    ]


def tests_outside_the_rule(cells: Iterable[Any]) -> list[tuple[str, int]]:
    """``(name, cell index)`` of tests defined in code cells without the ``tests`` tag."""
    found: list[tuple[str, int]] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, Mapping) or cell.get("cell_type") != "code" or TESTS_TAG in _tags(cell):
            continue
        found += [(name, index) for name in defined_tests(cell_source(cell))]
    return found
