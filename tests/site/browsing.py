"""Answering quizzes in Chromium, shared by the site's browser tests."""

from playwright.sync_api import Locator


def correct_flags(form: Locator) -> list[bool]:
    return [option.get_attribute("data-correct") is not None for option in form.locator(".quiz-option").all()]


def answer_by_mouse(form: Locator, choices: list[bool]) -> None:
    for option, chosen in zip(form.locator(".quiz-option input").all(), choices, strict=True):
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
