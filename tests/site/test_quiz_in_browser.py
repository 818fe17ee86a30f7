"""The quizzes in Chromium: answered by keyboard alone, feedback announced, readable without JavaScript."""

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.site.browsing import a_wrong_choice, answer_by_mouse, correct_flags

pytestmark = pytest.mark.e2e

LESSONS = Path(__file__).resolve().parents[2] / "docs" / "lessons"
LESSONS_WITH_QUIZZES = sorted(
    page.stem for page in LESSONS.glob("*.md") if "/// quiz" in page.read_text(encoding="utf-8")
)


def tab_into(page: Page, form: Locator, limit: int = 400) -> None:
    """Press Tab until the focus reaches one of the quiz's inputs."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if form.evaluate("form => form.contains(document.activeElement) && document.activeElement.matches('input')"):
            return
    pytest.fail(f"Tab never reached the inputs of {form.get_attribute('id')}")


def skip_to_content(page: Page) -> None:
    """Take the page's first tab stop, the skip link, past the header and both sidebars."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")


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


@pytest.mark.parametrize("lesson", LESSONS_WITH_QUIZZES)
def test_every_quiz_can_be_answered_by_keyboard_alone(page, site_url, lesson):
    """Tab, Space, arrows and Enter answer each quiz; the result is shown and announced."""
    page.goto(f"{site_url}lessons/{lesson}/")
    forms = page.locator("form.quiz").all()
    assert forms

    skip_to_content(page)

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
    for explanation, chosen in zip(form.locator(".quiz-why").all(), choices, strict=True):
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


def test_answered_quizzes_are_shown_as_left_on_a_return_visit(page, site_url):
    """Chosen options, verdict and explanations come back after a reload; Try again forgets them."""
    page.goto(f"{site_url}lessons/01-why-test/")
    single = page.locator("form.quiz[data-quiz-type='single']:not([data-predict])").first
    multiple = page.locator("form.quiz[data-quiz-type='multiple']").first
    wrong = a_wrong_choice(single)
    answer_by_mouse(single, wrong)
    answer_by_mouse(multiple, correct_flags(multiple))
    chosen_value = single.locator("input").nth(wrong.index(True)).get_attribute("value")

    page.reload()

    expect(single.locator("input:checked")).to_have_count(1)
    expect(single.locator("input:checked")).to_have_attribute("value", chosen_value)
    expect(single.get_by_role("status")).to_have_text(
        "Not quite. Read the explanation under your answer, then try again."
    )
    for explanation, chosen in zip(single.locator(".quiz-why").all(), wrong, strict=True):
        expect(explanation).to_be_visible(visible=chosen)
    expect(single.get_by_role("button", name="Try again")).to_be_visible()
    expect(multiple.get_by_role("status")).to_have_text("Correct! The explanations under the options say why.")
    flags = correct_flags(multiple)
    for option, correct in zip(multiple.locator("input").all(), flags, strict=True):
        expect(option).to_be_checked(checked=correct)
    for explanation in multiple.locator(".quiz-why").all():
        expect(explanation).to_be_visible()

    single.get_by_role("button", name="Try again").click()
    page.reload()

    expect(single.locator("input:checked")).to_have_count(0)
    expect(single.get_by_role("status")).to_have_text("")
    expect(single.locator(".quiz-why").first).to_be_hidden()
    expect(single.get_by_role("button", name="Try again")).to_be_hidden()
    expect(multiple.get_by_role("status")).to_contain_text("Correct!")


@pytest.mark.parametrize(
    "lesson_data",
    [
        {"visited": True, "quizzes": {}},
        {"visited": True, "quizzes": {}, "answers": {"why-test-cost": {"chosen": [2], "right": "yes"}}},
    ],
    ids=["saved-before-answers-existed", "broken-answers"],
)
def test_older_or_broken_stored_progress_does_not_break_quizzes(page, site_url, lesson_data):
    """Progress saved without answers, or with malformed ones, leaves the quizzes working and unanswered."""
    page.goto(f"{site_url}lessons/01-why-test/")
    page.evaluate(
        """data => {
            const key = Object.keys(localStorage).find((name) => name.startsWith("course-progress:"));
            localStorage.setItem(key, JSON.stringify({ version: 1, lessons: { "lessons/01-why-test": data } }));
        }""",
        lesson_data,
    )
    page.reload()
    form = page.locator("form.quiz").first
    expect(form.locator("input:checked")).to_have_count(0)

    answer_by_mouse(form, correct_flags(form))
    page.reload()

    expect(form.get_by_role("status")).to_contain_text("Correct!")
