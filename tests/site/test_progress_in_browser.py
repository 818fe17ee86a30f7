"""Progress in Chromium: ticks in the navigation, the progress page, export, import and reset, offline."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.site.browsing import answer_by_mouse, correct_flags

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
FILES = Path(__file__).parent / "files"
STORAGE_PREFIX = "course-progress:"
LESSONS = len(list((REPO / "docs" / "lessons").glob("*.md")))
EXERCISES = len([page for page in (REPO / "docs" / "exercises").glob("*.md") if page.name != "index.md"])


def stored_progress(page: Page) -> dict | None:
    raw = page.evaluate(
        "prefix => Object.entries(localStorage).find(([key]) => key.startsWith(prefix))?.[1] ?? null",
        STORAGE_PREFIX,
    )
    return None if raw is None else json.loads(raw)


def lesson_cells(page: Page, lesson: str) -> Locator:
    """The cells of a lesson's row on the progress page: title, quizzes, status."""
    return page.locator(f"#course-progress tr[data-lesson='lessons/{lesson}'] td")


def complete_lesson_one(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}lessons/01-why-test/")
    for form in page.locator("form.quiz").all():
        answer_by_mouse(form, correct_flags(form))
    page.goto(f"{site_url}progress/")


def test_progress_survives_a_reload_and_shows_on_the_progress_page(page, site_url):
    """Correct answers tick the lesson in the navigation and on the progress page, after reloading too."""
    page.goto(f"{site_url}lessons/01-why-test/")
    quizzes = page.locator("form.quiz").all()
    for form in quizzes:
        answer_by_mouse(form, correct_flags(form))
    page.goto(f"{site_url}lessons/02-pytest-setup/")
    lesson_two_quizzes = page.locator("form.quiz").count()

    page.reload()

    nav = page.locator(".md-nav--primary")
    expect(nav.locator("a[data-progress='done']", has_text="1. Why test?")).to_contain_text("completed")
    expect(nav.locator("a[data-progress='started']", has_text="2. pytest set-up")).to_contain_text("started")
    expect(nav.locator("a[data-progress='new']", has_text="3. The app factory")).to_have_count(1)
    page.goto(f"{site_url}progress/")
    answered = f"{len(quizzes)} of {len(quizzes)}"
    expect(lesson_cells(page, "01-why-test")).to_have_text(["1. Why test? The test pyramid", answered, "Completed"])
    expect(lesson_cells(page, "02-pytest-setup")).to_have_text(
        [re.compile("^2. pytest"), f"0 of {lesson_two_quizzes}", "Started"]
    )
    expect(lesson_cells(page, "03-app-factory")).to_have_text([re.compile("^3. The app"), "–", "Not started"])
    expect(page.locator("#course-progress tr[data-lesson]")).to_have_count(LESSONS)
    expect(page.locator("#course-progress")).to_contain_text(f"You have completed 1 of {LESSONS} lessons.")


def test_exported_progress_can_be_imported_after_a_reset(page, site_url, tmp_path):
    """Export writes the stored progress to a file; reset clears it; importing the file restores it."""
    complete_lesson_one(page, site_url)
    saved = stored_progress(page)
    lesson_one_status = lesson_cells(page, "01-why-test").last

    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(page.get_by_role("status")).to_have_text("Progress reset.")
    expect(lesson_one_status).to_have_text("Not started")
    assert stored_progress(page) is None
    page.get_by_label("Import progress from a file").set_input_files(exported)

    expect(page.get_by_role("status")).to_have_text("Progress imported.")
    expect(lesson_one_status).to_have_text("Completed")
    assert json.loads(exported.read_text(encoding="utf-8")) == saved
    assert stored_progress(page) == saved


def test_cancelled_reset_keeps_progress(page, site_url):
    """Dismissing the confirmation leaves the stored progress alone."""
    complete_lesson_one(page, site_url)
    saved = stored_progress(page)

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset progress").click()

    expect(lesson_cells(page, "01-why-test").last).to_have_text("Completed")
    assert stored_progress(page) == saved


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        ("malformed.json", "That file is not a progress export from this course. Nothing was changed."),
        ("wrong_shape.json", "That file is not a progress export from this course. Nothing was changed."),
        ("too_large.json", "That file is too large to be a progress export. Nothing was changed."),
    ],
)
def test_import_refuses_other_files_and_keeps_progress(page, site_url, tmp_path, file_name, message):
    """Broken, foreign or huge files are refused with a message, and stored progress is unchanged."""
    complete_lesson_one(page, site_url)
    saved = stored_progress(page)
    upload = FILES / "progress" / file_name
    if file_name == "too_large.json":
        # Generated rather than stored: a megabyte of padding does not belong in the repository.
        upload = tmp_path / file_name
        upload.write_text(json.dumps({"version": 1, "lessons": {}, "padding": "x" * 1_100_000}), encoding="utf-8")

    page.get_by_label("Import progress from a file").set_input_files(upload)

    expect(page.get_by_role("status")).to_have_text(message)
    expect(lesson_cells(page, "01-why-test").last).to_have_text("Completed")
    assert stored_progress(page) == saved


@pytest.mark.slow
def test_offline_build_works_from_the_file_system(new_page, mkdocs_build, tmp_path):
    """Opened from a folder, the offline site runs quizzes and records progress."""
    site = tmp_path / "site-offline"
    assert mkdocs_build(site, REPO / "mkdocs.offline.yml").returncode == 0
    page = new_page()
    page.goto((site / "lessons/01-why-test.html").as_uri())

    for form in page.locator("form.quiz").all():
        answer_by_mouse(form, correct_flags(form))
        expect(form.get_by_role("status")).to_contain_text("Correct!")
    page.get_by_role("link", name="Your progress").first.click()

    expect(page).to_have_url((site / "progress.html").as_uri())
    expect(lesson_cells(page, "01-why-test").last).to_have_text("Completed")


def exercise_cells(page: Page, exercise: str) -> Locator:
    """The cells of an exercise's row on the progress page: title, opened, saved score."""
    return page.locator(f"#course-progress tr[data-exercise='exercises/{exercise}'] td")


def test_progress_page_lists_exercises_opened_and_their_saved_self_check_score(page, site_url):
    """Opening an exercise and saving the score check() printed shows on the progress page; other text is refused."""
    page.goto(f"{site_url}progress/")
    expect(page.locator("#course-progress tr[data-exercise]")).to_have_count(EXERCISES)
    expect(exercise_cells(page, "crud_api")).to_have_text([re.compile("CRUD"), "Not opened", "–"])

    page.goto(f"{site_url}exercises/crud_api/")
    score = page.get_by_label("Paste the last lines check() printed")
    score.fill("7 out of 9")
    page.get_by_role("button", name="Save score").click()
    expect(page.locator(".course-score-message")).to_contain_text("That is not a score from check()")
    # As check() prints it: the table's caption, wrapped by the console.
    score.fill("Course tests: 7 of 9 passed. Your tests: 3 of\n4 passed. The grader runs many more checks than these.")
    page.get_by_role("button", name="Save score").click()
    expect(page.locator(".course-score-message")).to_have_text("Score saved.")
    page.reload()
    expect(page.locator(".course-score-saved")).to_have_text(
        "Saved score: Course tests: 7 of 9 passed. Your tests: 3 of 4 passed."
    )
    page.goto(f"{site_url}exercises/registration/")
    page.get_by_label("Paste the last lines check() printed").fill("Course tests: 5 of 5 passed.")
    page.get_by_role("button", name="Save score").click()

    page.goto(f"{site_url}progress/")

    expect(exercise_cells(page, "crud_api")).to_have_text(
        [re.compile("CRUD"), "Opened", "Course tests: 7 of 9 passed. Your tests: 3 of 4 passed."]
    )
    expect(exercise_cells(page, "registration")).to_have_text(
        [re.compile("."), "Opened", "Course tests: 5 of 5 passed."]
    )
    expect(exercise_cells(page, "file_upload")).to_have_text([re.compile("."), "Not opened", "–"])
    progress = stored_progress(page)
    assert progress is not None
    assert progress["exercises"]["exercises/registration"] == {
        "visited": True,
        "score": "Course tests: 5 of 5 passed.",
    }
