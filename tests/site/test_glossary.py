"""The glossary: core terms as tooltips where each first appears on a lesson page (issue 12)."""

import html
import re
from pathlib import Path

import markdown
import pytest

from tests.site.matching import found

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO / "docs/includes/glossary.md"
LESSONS = sorted(path.stem for path in (REPO / "docs/lessons").glob("*.md"))
TERMS = dict(re.findall(r"^\*\[([^\]]+)\]: (.+)$", GLOSSARY.read_text(encoding="utf-8"), flags=re.MULTILINE))
# As the abbr extension matches: whole words, longest term first.
ANY_TERM = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(TERMS, key=len, reverse=True)) + r")\b")
# Where no tooltip goes: code, headings and link text, and raw HTML, which Markdown leaves alone
# (inline SVG, a lesson's own <figcaption>, code blocks' titles).
HIDDEN = re.compile(
    r"<(pre|code|a|h[1-6]|svg|figcaption)\b[^>]*>.*?</\1>|<span class=\"filename\">[^<]*</span>", flags=re.DOTALL
)
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', flags=re.DOTALL)


def render(source: str) -> str:
    return markdown.markdown(source, extensions=["abbr", "course_site.glossary", "toc"])


def article(built_site: Path, lesson: str) -> str:
    page = (built_site / "lessons" / lesson / "index.html").read_text(encoding="utf-8")
    return found(re.search(r"<article\b.*?</article>", page, flags=re.DOTALL)).group(0)


def test_the_course_core_terms_are_in_the_glossary():
    """The issue's terms, in the lessons' spelling, each with a definition of its own."""
    core = {
        "fixture",
        "scope",
        "seam",
        "app context",
        "error envelope",
        "savepoint",
        "mutation testing",
        "live server",
        "test client",
        "request context",
        "parametrize",
        "marker",
        "mock",
        "coverage",
        "branch coverage",
        "flaky",
        "xfail",
        "app factory",
    }
    assert core <= TERMS.keys()
    assert all(len(definition) <= 140 for definition in TERMS.values())


def test_only_the_first_use_of_a_term_gets_a_tooltip():
    """Later uses, and uses in headings, link text and code, are plain text."""
    source = (
        "# A fixture\n\n"
        "See [the fixture](x). A fixture here, a `fixture` in code.\n\n"
        "## More\n\nAnother fixture, and a test client with its fixture.\n\n"
        "*[fixture]: a helper\n*[test client]: a fake browser\n"
    )
    out = render(source)

    assert out.count("<abbr") == 2
    assert '<p>See <a href="x">the fixture</a>. A <abbr title="a helper">fixture</abbr> here' in out
    assert '<h1 id="a-fixture">A fixture</h1>' in out
    assert 'Another fixture, and a <abbr title="a fake browser">test client</abbr> with its fixture.' in out


@pytest.mark.parametrize("term", sorted(TERMS))
def test_every_glossary_term_is_a_tooltip_on_some_lesson(built_site, term):
    """No term is defined for nothing: at least one lesson shows it with its definition."""
    # Python-Markdown escapes &, <, > and " in an attribute, and leaves ' alone.
    title = html.escape(TERMS[term], quote=False).replace('"', "&quot;")
    shown = f'<abbr title="{title}">{html.escape(term, quote=False)}</abbr>'
    assert [lesson for lesson in LESSONS if shown in article(built_site, lesson)], f"no lesson shows {term!r}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_term_has_one_tooltip_at_its_first_use_in_the_lesson(built_site, lesson):
    """On every lesson, a term's tooltip is on its first use in running text, and only there."""
    text = HIDDEN.sub(" ", article(built_site, lesson))
    marked = [term for _title, term in ABBR.findall(text)]
    assert len(marked) == len(set(marked)), f"a term has more than one tooltip: {marked}"
    # Each abbr becomes \x01term\x02; other tags go; then the first use of each term must be marked.
    text = html.unescape(re.sub(r"<[^>]+>", "", ABBR.sub(lambda m: f"\x01{m.group(2)}\x02", text)))
    first: dict[str, bool] = {}
    for match in ANY_TERM.finditer(text):
        term = match.group(0)
        if term in TERMS:
            first.setdefault(term, text[match.start() - 1 : match.start()] == "\x01")
    assert [term for term, is_marked in first.items() if not is_marked and term in TERMS] == []
