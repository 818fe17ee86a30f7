"""Every built page in Chromium: no serious accessibility violations in either palette, no off-host request."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.site.browsing import a_wrong_choice, answer_by_mouse, correct_flags

pytestmark = pytest.mark.e2e


def url_of(site_url: str, page: Path) -> str:
    """The address the server gives a built page: folders for index.html files."""
    path = page.as_posix()
    return site_url + (path[: -len("index.html")] if path.endswith("index.html") else path)


@pytest.mark.slow
@pytest.mark.parametrize(("palette", "scheme"), [("light", "default"), ("dark", "slate")])
def test_pages_have_no_serious_accessibility_violations(new_page, site_url, site_build, palette, scheme):
    """axe-core finds nothing serious or critical on any page, before and after answering quizzes."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_page(color_scheme=palette)
    found = {}

    def audit(label: str, context: str | None = None) -> None:
        violations = axe.run(page, context=context).response["violations"]
        serious = [
            f"{v['id']}: {v['help']}, e.g. {v['nodes'][0]['target']}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[label] = serious

    for built in site_build.pages():
        page.goto(url_of(site_url, built))
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        audit(str(built))
        forms = page.locator("form.quiz").all()
        if forms:
            # Answered quizzes add coloured backgrounds and show explanations: audit the quizzes
            # again in both states. Only they changed, so the rest of the page is not re-audited.
            for form in forms:
                answer_by_mouse(form, a_wrong_choice(form))
            audit(f"{built} (wrong answers)", context="form.quiz")
            for form in forms:
                answer_by_mouse(form, correct_flags(form))
            audit(f"{built} (right answers)", context="form.quiz")

    assert found == {}


@pytest.mark.slow
def test_no_request_leaves_the_local_server(page, site_url, site_build, off_host_requests):
    """Every page, and a search, load everything from the site's own host."""
    for built in site_build.pages():
        page.goto(url_of(site_url, built))
        page.wait_for_load_state("networkidle")
    page.goto(site_url)
    # Material's search listens to key presses: "/" focuses the search box.
    page.keyboard.press("/")
    page.keyboard.type("fixture")
    expect(page.locator(".md-search-result__item").first).to_be_visible()

    assert off_host_requests.urls == []
