"""Every built page in Chromium: no serious accessibility violations in either palette, no off-host request.

The audit is one test per page and palette, so pytest-xdist can share the pages out between its
workers. The built site and its server are session fixtures and the browser a module fixture
(tests/site/conftest.py, tests/conftest.py): each worker starts them once, and a test costs one
navigation and axe-core's run. Each test gets a fresh browser context, so quiz answers saved on
one page never change what another page's audit sees, whichever worker runs it.
"""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.site.browsing import a_wrong_choice, answer_by_mouse, correct_flags

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PALETTES = [("light", "default"), ("dark", "slate")]
# The impacts that fail a page; axe-core's other two are "moderate" and "minor".
SERIOUS = ("serious", "critical")


def pages_mkdocs_builds() -> list[str]:
    """The HTML pages ``mkdocs build`` writes for mkdocs.yml, as paths inside the site folder.

    Test ids are fixed at collection, before any fixture has built the site, so the list comes from
    MkDocs' own reading of the configuration: every included Markdown page, plus the theme's HTML
    templates (404.html). ``test_every_built_page_is_audited`` checks it against the built site.
    """
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(REPO / "mkdocs.yml"))
    pages = [file.dest_uri for file in get_files(config).documentation_pages()]
    pages += [name for name in config.theme.static_templates if name.endswith(".html")]
    return sorted(pages)


AUDITED_PAGES = pages_mkdocs_builds()


def page_id(page: str) -> str:
    """``lessons/05-fixtures/index.html`` -> ``lessons/05-fixtures``; ``404.html`` -> ``404``."""
    return page.removesuffix("/index.html").removesuffix(".html")


def url_of(site_url: str, page: Path) -> str:
    """The address the server gives a built page: folders for index.html files."""
    path = page.as_posix()
    return site_url + path.removesuffix("index.html")


def describe(page: str, palette: str, found: dict[str, list[dict[str, Any]]]) -> str:
    """The failure message: the page, then each state's rules, each with every offending node."""
    lines = [f"{page} in the {palette} palette has serious or critical axe-core violations:"]
    for state, violations in found.items():
        lines.append(f"  {state}:")
        for violation in violations:
            lines.append(f"    {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                # "Fix any of the following:" and its reasons, one a line: kept on one.
                heading, *reasons = [line.strip() for line in node.get("failureSummary", "").splitlines()]
                lines.append(f"      {' > '.join(map(str, node['target']))}  {node['html'][:120]}")
                lines.append(f"        {heading} {'; '.join(reasons)}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def test_every_built_page_is_audited(site_build):
    """The pages collected for the audit are exactly the pages the build wrote, so none goes unchecked."""
    assert site_build.result.returncode == 0, site_build.log
    built = {page.as_posix() for page in site_build.pages()}

    built_but_not_audited = sorted(built - set(AUDITED_PAGES))
    audited_but_not_built = sorted(set(AUDITED_PAGES) - built)
    assert (built_but_not_audited, audited_but_not_built) == ([], [])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("palette", "scheme", "built"),
    [(palette, scheme, page) for palette, scheme in PALETTES for page in AUDITED_PAGES],
    ids=[f"{palette}-{scheme}-{page_id(page)}" for palette, scheme in PALETTES for page in AUDITED_PAGES],
)
def test_page_has_no_serious_accessibility_violations(new_page, site_url, axe, palette, scheme, built):
    """axe-core finds nothing serious or critical on the page, before and after answering its quizzes."""
    page = new_page(color_scheme=palette)
    found = {}

    def audit(state: str, context: str | None = None) -> None:
        violations = axe.run(page, context=context).response["violations"]
        serious = [violation for violation in violations if violation["impact"] in SERIOUS]
        if serious:
            found[state] = serious

    page.goto(url_of(site_url, Path(built)))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
    audit("as loaded")
    forms = page.locator("form.quiz").all()
    if forms:
        # Answered quizzes add coloured backgrounds and show explanations: audit the quizzes
        # again in both states. Only they changed, so the rest of the page is not re-audited.
        for form in forms:
            answer_by_mouse(form, a_wrong_choice(form))
        audit("wrong answers", context="form.quiz")
        for form in forms:
            answer_by_mouse(form, correct_flags(form))
        audit("right answers", context="form.quiz")

    if found:
        pytest.fail(describe(built, palette, found), pytrace=False)


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
