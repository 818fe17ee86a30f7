"""Fixtures for the autograder's tests: result dicts and page audits.

Golden files (the ``golden`` fixture) live in ``golden/`` next to this file; see tests/conftest.py.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

FILES_DIR = Path(__file__).parent / "files"


@dataclass(frozen=True)
class PageAudit:
    """What a real browser saw of a page: the requests it tried, and axe-core's violations."""

    requests: list[str]
    violations: list[dict[str, Any]]


@pytest.fixture
def audit_page(browser) -> Callable[[str], PageAudit]:
    """Open an HTML document in Chromium, blocking and recording every request, and run axe-core."""
    from axe_playwright_python.sync_playwright import Axe

    def audit(html: str) -> PageAudit:
        page = browser.new_page()
        requests: list[str] = []

        def block(route) -> None:
            requests.append(route.request.url)
            route.abort()

        try:
            page.route("**/*", block)
            page.set_content(html)
            violations = Axe().run(page).response["violations"]
        finally:
            page.close()
        return PageAudit(requests, violations)

    return audit


@dataclass(frozen=True)
class Rendering:
    """How a real browser laid a page out: its width against the viewport's, and its colours."""

    viewport_width: int
    scroll_width: int
    background: str
    ink: str


@pytest.fixture
def render_in_browser(browser) -> Callable[..., Rendering]:
    """Lay an HTML document out in Chromium at ``width`` px, in the light or dark colour scheme."""

    def render(html: str, *, width: int = 360, color_scheme: str = "light") -> Rendering:
        page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=color_scheme)
        try:
            page.set_content(html)
            measured = page.evaluate("""() => ({
                scroll: document.documentElement.scrollWidth,
                background: getComputedStyle(document.body).backgroundColor,
                ink: getComputedStyle(document.body).color,
            })""")
        finally:
            page.close()
        return Rendering(width, measured["scroll"], measured["background"], measured["ink"])

    return render


@pytest.fixture(scope="session")
def class_results() -> list[dict[str, Any]]:
    """A small class's results over three exercises, with an error submission (files/)."""
    return json.loads((FILES_DIR / "class_results.json").read_text(encoding="utf-8"))


@pytest.fixture
def make_result() -> Callable[..., dict[str, Any]]:
    """Build a graded result dict of the contract, with any top-level key overridden.

    Its score is consistent with a 70 + 30 suite: 1 of 4 test points (17.5) plus 1 of 2 mutants (15).
    """

    def build(**overrides: Any) -> dict[str, Any]:
        result = copy.deepcopy(GRADED_RESULT)
        result.update(overrides)
        return result

    return build


GRADED_RESULT: dict[str, Any] = {
    "path": "submissions/ada/shopping_cart.ipynb",
    "learner": "ada",
    "exercise": "shopping_cart",
    "title": "Shopping cart",
    "status": "graded",
    "reason": "",
    "grader_fault": False,
    "score": 32.5,
    "max_score": 100.0,
    "parts": {"spec": {"score": 17.5, "max_score": 70.0}, "quality": {"score": 15.0, "max_score": 30.0}},
    "tests": [
        {
            "name": "test_unknown_product_answers_404",
            "description": "Adding an unknown product answers 404",
            "outcome": "passed",
            "points": 1,
            "max_points": 1,
            "message": "",
        },
        {
            "name": "test_checkout_with_too_little_stock_is_refused",
            "description": "Checkout with too little stock answers 409",
            "outcome": "failed",
            "points": 0,
            "max_points": 2,
            "message": 'POST /checkout\nexpected: 409\ngot: 200 {"status": "paid"}',
        },
        {
            "name": "test_cart_total_counts_quantities",
            "description": "The cart total multiplies price by quantity",
            "outcome": "error",
            "points": 0,
            "max_points": 1,
            "message": "GET /cart\nthe app raised KeyError: 'qty'",
        },
    ],
    "mutants": [
        {"id": "checkout_keeps_cart", "description": "checkout does not empty the cart", "caught": True},
        {"id": "total_ignores_quantity", "description": "the total ignores quantities", "caught": False},
    ],
    "learner_tests": {"passed_on_reference": True, "count": 5, "message": ""},
    "cells": [],
    "duration_s": 4.25,
}
