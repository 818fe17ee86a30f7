"""The built site in Chromium: quizzes by keyboard, progress, accessibility, no off-host requests."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
FILES = Path(__file__).parent / "files"
LESSONS_WITH_QUIZZES = sorted(
    page.stem for page in (REPO / "docs/lessons").glob("*.md") if "/// quiz" in page.read_text(encoding="utf-8")
)
STORAGE_PREFIX = "course-progress:"


def url_of(site_url: str, page: Path) -> str:
    """The address the server gives a built page: folders for index.html files."""
    path = page.as_posix()
    return site_url + (path[: -len("index.html")] if path.endswith("index.html") else path)


def stored_progress(page: Page) -> dict | None:
    raw = page.evaluate(
        "prefix => Object.entries(localStorage).find(([key]) => key.startsWith(prefix))?.[1] ?? null",
        STORAGE_PREFIX,
    )
    return None if raw is None else json.loads(raw)


def correct_flags(form: Locator) -> list[bool]:
    return [option.get_attribute("data-correct") is not None for option in form.locator(".quiz-option").all()]


def tab_into(page: Page, form: Locator, limit: int = 400) -> None:
    """Press Tab until the focus reaches one of the quiz's inputs."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if form.evaluate("form => form.contains(document.activeElement) && document.activeElement.matches('input')"):
            return
    pytest.fail(f"Tab never reached the inputs of {form.get_attribute('id')}")


def choose_by_keyboard(page: Page, form: Locator, choices: list[bool]) -> None:
    """Select the options flagged True with Tab, Space and the arrow keys, ending on the check button."""
    tab_into(page, form)
    if form.get_attribute("data-quiz-type") == "single":
        # Space checks the radio the focus landed on; arrows move the choice down the group.
        page.keyboard.press("Space")
        for _ in range(choices.index(True)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    else:
        for chosen in choices:
            if chosen:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Check answer")).to_be_focused()


def answer_by_keyboard(page: Page, form: Locator, choices: list[bool]) -> None:
    choose_by_keyboard(page, form, choices)
    page.keyboard.press("Enter")


def answer_by_mouse(form: Locator, choices: list[bool]) -> None:
    for option, chosen in zip(form.locator(".quiz-option input").all(), choices):
        # A radio button is unchecked only by checking another one.
        if chosen or option.get_attribute("type") == "checkbox":
            option.set_checked(chosen)
    form.get_by_role("button", name="Check answer").click()


def a_wrong_choice(form: Locator) -> list[bool]:
    """One wrong option for a single-answer quiz, or the first option flipped for a multiple one."""
    flags = correct_flags(form)
    if form.get_attribute("data-quiz-type") == "single":
        wrong = flags.index(False)
        return [index == wrong for index in range(len(flags))]
    return [not flags[0], *flags[1:]]


@pytest.mark.parametrize("lesson", LESSONS_WITH_QUIZZES)
def test_every_quiz_can_be_answered_by_keyboard_alone(page, site_url, lesson):
    """Tab, Space, arrows and Enter answer each quiz; the result is shown and announced."""
    page.goto(f"{site_url}lessons/{lesson}/")
    forms = page.locator("form.quiz").all()
    assert forms

    for form in forms:
        answer_by_keyboard(page, form, correct_flags(form))

        expect(form.get_by_role("status")).to_have_text("Correct! The explanations under the options say why.")
        for explanation in form.locator(".quiz-why").all():
            expect(explanation).to_be_visible()
        expect(form.get_by_role("button", name="Try again")).to_be_visible()


def test_wrong_answer_reveals_only_its_explanation_and_can_be_retried(page, site_url):
    """A wrong answer is announced, explains the chosen option only, and Try again starts over."""
    page.goto(f"{site_url}lessons/01-why-test/")
    form = page.locator("form.quiz").first
    choices = a_wrong_choice(form)

    answer_by_keyboard(page, form, choices)

    expect(form.get_by_role("status")).to_have_text(
        "Not quite. Read the explanation under your answer, then try again."
    )
    for explanation, chosen in zip(form.locator(".quiz-why").all(), choices):
        expect(explanation).to_be_visible(visible=chosen)
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Try again")).to_be_focused()
    page.keyboard.press("Enter")
    expect(form.get_by_role("status")).to_have_text("")
    expect(form.locator("input").first).to_be_focused()
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator(".quiz-why").first).to_be_hidden()
    expect(form.get_by_role("button", name="Try again")).to_be_hidden()


def test_partly_right_multiple_choice_answer_says_what_is_missing(page, site_url):
    """The result of a multiple-choice question counts the right and wrong options chosen."""
    page.goto(f"{site_url}lessons/01-why-test/")
    form = page.locator("form.quiz[data-quiz-type='multiple']").first
    flags = correct_flags(form)
    one_right = flags.index(True)
    one_wrong = flags.index(False)

    answer_by_mouse(form, [index in (one_right, one_wrong) for index in range(len(flags))])

    expect(form.get_by_role("status")).to_have_text(
        f"Not quite: you chose 1 of the {flags.count(True)} correct answers and 1 wrong one."
        " Read the explanations, then try again."
    )


def test_checking_without_an_answer_asks_for_one(page, site_url):
    """Submitting an unanswered quiz asks for an answer and reveals nothing."""
    page.goto(f"{site_url}lessons/01-why-test/")
    form = page.locator("form.quiz").first

    form.get_by_role("button", name="Check answer").click()

    expect(form.get_by_role("status")).to_have_text("Choose an answer first.")
    expect(form.locator(".quiz-why").first).to_be_hidden()


def test_without_javascript_show_answers_reveals_the_explanations(new_page, site_url):
    """With scripts off the quiz is still readable: Show answers opens every explanation."""
    page = new_page(java_script_enabled=False)
    page.goto(f"{site_url}lessons/01-why-test/")
    form = page.locator("form.quiz").first
    expect(form.get_by_role("button", name="Check answer")).to_be_hidden()
    expect(form.locator(".quiz-why").first).to_be_hidden()

    form.get_by_text("Show answers").click()

    for explanation in form.locator(".quiz-why").all():
        expect(explanation).to_be_visible()


def test_progress_survives_a_reload_and_shows_on_the_progress_page(page, site_url):
    """Correct answers tick the lesson in the navigation and on the progress page, after reloading too."""
    page.goto(f"{site_url}lessons/01-why-test/")
    quizzes = page.locator("form.quiz").all()
    for form in quizzes:
        answer_by_mouse(form, correct_flags(form))
    page.goto(f"{site_url}lessons/02-pytest-setup/")

    page.reload()

    nav = page.locator(".md-nav--primary")
    expect(nav.locator("a[data-progress='done']", has_text="1. Why test?")).to_contain_text("completed")
    expect(nav.locator("a[data-progress='started']", has_text="2. pytest set-up")).to_contain_text("started")
    expect(nav.locator("a[data-progress='new']", has_text="3. The app factory")).to_have_count(1)
    page.goto(f"{site_url}progress/")
    answered = f"{len(quizzes)} of {len(quizzes)}"
    expect(lesson_cells(page, "01-why-test")).to_have_text(["1. Why test? The test pyramid", answered, "Completed"])
    expect(lesson_cells(page, "02-pytest-setup")).to_have_text([re.compile("^2. pytest"), "0 of 4", "Started"])
    expect(lesson_cells(page, "03-app-factory")).to_have_text([re.compile("^3. The app"), "–", "Not started"])
    expect(page.locator("#course-progress tr[data-lesson]")).to_have_count(18)
    expect(page.locator("#course-progress")).to_contain_text("You have completed 1 of 18 lessons.")


def lesson_cells(page: Page, lesson: str) -> Locator:
    """The cells of a lesson's row on the progress page: title, quizzes, status."""
    return page.locator(f"#course-progress tr[data-lesson='lessons/{lesson}'] td")


def complete_lesson_one(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}lessons/01-why-test/")
    for form in page.locator("form.quiz").all():
        answer_by_mouse(form, correct_flags(form))
    page.goto(f"{site_url}progress/")


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
@pytest.mark.parametrize(("palette", "scheme"), [("light", "default"), ("dark", "slate")])
def test_pages_have_no_serious_accessibility_violations(new_page, site_url, site_build, palette, scheme):
    """axe-core finds nothing serious or critical on any page, before and after answering quizzes."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_page(color_scheme=palette)
    found = {}

    def audit(label: str) -> None:
        violations = axe.run(page).response["violations"]
        serious = [f"{v['id']}: {v['help']}, e.g. {v['nodes'][0]['target']}" for v in violations
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[label] = serious

    for built in site_build.pages():
        page.goto(url_of(site_url, built))
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        audit(str(built))
        forms = page.locator("form.quiz").all()
        if forms:
            # Answered quizzes add coloured backgrounds: check their contrast too.
            for form in forms:
                answer_by_mouse(form, a_wrong_choice(form))
            audit(f"{built} (wrong answers)")
            for form in forms:
                answer_by_mouse(form, correct_flags(form))
            audit(f"{built} (right answers)")

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
