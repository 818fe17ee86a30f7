"""The notebooks' "lessons that help" links, and the exercise pages' "start after" (issue 12).

The notebooks link to the published lesson pages under one base address
(``autograder.bundles.lesson_links``); the learner bundle relinks them to another address or to the
offline site it ships. Every link must land on a page of the built site.
"""

import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from autograder.bundles.learner import build_release
from autograder.bundles.lesson_links import (
    DEFAULT_SITE_URL,
    lesson_links,
    published_lesson_url,
    relink_lessons,
    site_url,
)
from autograder.cli import main
from tests.site.matching import found

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted([*(REPO / "exercises").glob("*.ipynb"), *(REPO / "solutions").glob("*.ipynb")])
EXERCISES = sorted(path.stem for path in (REPO / "exercises").glob("*.ipynb"))
LESSONS = {path.stem for path in (REPO / "docs/lessons").glob("*.md")}


def links_of(path: Path):
    return list(lesson_links(nbformat.read(path, as_version=4)))


def lesson_numbers(path: Path) -> set[int]:
    return {int(link.lesson[:2]) for link in links_of(path)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_link_to_existing_lessons_on_the_published_site(path):
    """No link into the repository's Markdown; every lesson link is a published page of a real lesson."""
    links = links_of(path)

    assert "../docs/" not in path.read_text(encoding="utf-8")
    assert links, "the notebook has no lesson links"
    assert [link.url for link in links if link.lesson not in LESSONS] == []
    wrong = [link.url for link in links if link.url != published_lesson_url(link.lesson, DEFAULT_SITE_URL)]
    assert wrong == [], "run `python -m autograder.bundles.lesson_links` to relink the notebooks"


def test_exercise_and_solution_link_to_the_same_lessons():
    """A starter and its solution name the same lessons."""
    for exercise in EXERCISES:
        assert lesson_numbers(REPO / f"exercises/{exercise}.ipynb") == lesson_numbers(
            REPO / f"solutions/{exercise}.ipynb"
        )


def test_the_default_site_url_is_where_github_pages_publishes_the_repository():
    """The one base address is the Pages address of the repository mkdocs.yml names by default."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    owner, name = found(
        re.search(r'repo_url: !ENV \[COURSE_REPO_URL, "https://github\.com/([^/]+)/([^/"]+)"\]', config)
    ).groups()

    assert DEFAULT_SITE_URL == f"https://{owner}.github.io/{name}/"


def test_the_site_url_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("COURSE_SITE_URL", "https://example.org/course")
    assert site_url() == "https://example.org/course/"
    monkeypatch.delenv("COURSE_SITE_URL")
    assert site_url() == DEFAULT_SITE_URL


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_lesson_link_resolves_on_the_built_site(built_site, path):
    """Each link, taken under the base address, is a page of the site as the workflow builds it."""
    for link in links_of(path):
        relative = unquote(link.url.removeprefix(DEFAULT_SITE_URL).split("#", 1)[0])
        assert (built_site / relative / "index.html").is_file(), link.url


def start_after(text: str) -> int:
    return int(found(re.search(r"\*\*Start after:\*\* \[lesson (\d+)\]\(\.\./lessons/(\d\d)-", text)).group(1))


@pytest.mark.parametrize("exercise", EXERCISES)
def test_start_after_is_the_last_lesson_the_exercise_draws_on(exercise):
    """The page's "start after", its "lessons it needs" and the index row agree with the notebook's links."""
    linked = lesson_numbers(REPO / f"exercises/{exercise}.ipynb")
    page = (REPO / f"docs/exercises/{exercise}.md").read_text(encoding="utf-8")
    needs = page.split("## Lessons it needs", 1)[1]
    index = (REPO / "docs/exercises/index.md").read_text(encoding="utf-8")
    row = next(line for line in index.splitlines() if line.startswith("| [") and f"]({exercise}.md)" in line)
    cells = [cell.strip() for cell in row.strip("|").split("|")]

    assert start_after(page) == max(linked)
    assert {int(n) for n in re.findall(r"\]\(\.\./lessons/(\d\d)-", needs)} == linked
    assert int(found(re.search(r"\[lesson (\d+)\]", cells[2])).group(1)) == max(linked)
    assert {int(n) for n in cells[3].split(",")} == linked


def test_the_bundle_links_to_the_site_it_is_built_for(tmp_path):
    """`release --site-url` points the shipped notebooks at another copy of the course site."""
    exercise = EXERCISES[0]
    out = build_release(tmp_path / "bundle", exercises=[exercise], site_url="https://example.org/course")

    links = links_of(out / f"exercises/{exercise}.ipynb")

    assert links and all(link.url == f"https://example.org/course/lessons/{link.lesson}/" for link in links)
    assert "https://example.org/course/" in (out / "README.md").read_text(encoding="utf-8")


def test_the_bundle_refuses_an_offline_site_that_was_not_built(tmp_path):
    with pytest.raises(ValueError, match="not a built site"):
        build_release(tmp_path / "bundle", exercises=[EXERCISES[0]], offline_site=tmp_path)


def test_a_bundle_with_the_offline_site_links_to_its_pages(mkdocs_build, tmp_path):
    """With `--offline-site`, every notebook link is a relative path to a page of the shipped copy."""
    offline = tmp_path / "site-offline"
    result = mkdocs_build(offline, REPO / "mkdocs.offline.yml")
    assert result.returncode == 0, result.stdout + result.stderr

    out = build_release(tmp_path / "bundle", offline_site=offline)

    for exercise in EXERCISES:
        notebook = out / f"exercises/{exercise}.ipynb"
        links = links_of(notebook)
        assert links
        for link in links:
            assert "://" not in link.url and not link.url.startswith("/"), link.url
            assert (notebook.parent / link.url).is_file(), link.url
    assert (out / "exercises/site/index.html").is_file()
    assert "exercises/site/index.html" in (out / "README.md").read_text(encoding="utf-8")


def test_relinking_keeps_fragments_and_leaves_other_links_alone():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "[a](../docs/lessons/05-fixtures.md#scopes), [b](https://flask.palletsprojects.com/), "
                "[c](https://example.org/x/lessons/10-mocking/)"
            ),
            nbformat.v4.new_code_cell("url = '../docs/lessons/05-fixtures.md'"),
        ]
    )

    relink_lessons(notebook, base="https://site.test/c")
    assert notebook.cells[0].source == (
        "[a](https://site.test/c/lessons/05-fixtures/#scopes), [b](https://flask.palletsprojects.com/), "
        "[c](https://site.test/c/lessons/10-mocking/)"
    )
    relink_lessons(notebook, offline=True)
    assert notebook.cells[0].source.startswith("[a](site/lessons/05-fixtures.html#scopes), ")
    assert notebook.cells[1].source == "url = '../docs/lessons/05-fixtures.md'"


def test_the_release_command_takes_the_site_url(tmp_path, capsys):
    exercise = EXERCISES[0]
    out = tmp_path / "bundle"

    assert main(["release", "--out", str(out), "--exercise", exercise, "--site-url", "https://site.test/"]) == 0

    assert {link.url.split("lessons/")[0] for link in links_of(out / f"exercises/{exercise}.ipynb")} == {
        "https://site.test/"
    }
