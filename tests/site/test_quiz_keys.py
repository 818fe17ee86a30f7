"""Quiz answer keys are spread over the option positions on the real course.

Counts are taken on the order the extension shows (``Quiz.order``) for every quiz in
``docs/lessons``: single-answer questions that are not ``predict:`` ones must not have
more than 40 % of their keys in one position, and multiple-answer questions must not
have more than 40 % with all their correct options on top.
"""

from collections import Counter
from pathlib import Path

import markdown

from course_site.quiz import Quiz, QuizExtension

REPO = Path(__file__).resolve().parents[2]
LIMIT = 0.40


def lesson_quizzes() -> list[Quiz]:
    quizzes = []
    for page in sorted((REPO / "docs" / "lessons").glob("*.md")):
        extension = QuizExtension(base_path=str(REPO))
        markdown.Markdown(extensions=[extension, "pymdownx.superfences"]).convert(page.read_text(encoding="utf-8"))
        quizzes.extend(extension.quizzes)
    return quizzes


def key_positions(quizzes: list[Quiz]) -> Counter:
    """How many single-answer, non-predict quizzes show their key at each position (from 0)."""
    return Counter(
        next(place for place, index in enumerate(quiz.order) if quiz.options[index].correct)
        for quiz in quizzes
        if quiz.type == "single" and not quiz.predict
    )


def all_correct_on_top(quizzes: list[Quiz]) -> tuple[int, int]:
    """(multiple-answer quizzes whose correct options all come before every wrong one, all multiple-answer quizzes)."""
    multiple = [quiz for quiz in quizzes if quiz.type == "multiple"]
    on_top = 0
    for quiz in multiple:
        shown = [quiz.options[index].correct for index in quiz.order]
        count = sum(shown)
        on_top += all(shown[:count])
    return on_top, len(multiple)


def spread_problems(quizzes: list[Quiz]) -> list[str]:
    """What breaks the 40 % rule, with the counts; empty when the keys are spread."""
    problems = []
    positions = key_positions(quizzes)
    singles = sum(positions.values())
    if singles:
        place, most = positions.most_common(1)[0]
        if most > LIMIT * singles:
            problems.append(
                f"{most} of {singles} single-answer keys are at position {place + 1}"
                f" (by position: {dict(sorted((p + 1, n) for p, n in positions.items()))})"
            )
    on_top, multiple = all_correct_on_top(quizzes)
    if multiple and on_top > LIMIT * multiple:
        problems.append(f"{on_top} of {multiple} multiple-answer quizzes have all their correct options on top")
    return problems


def test_answer_keys_are_spread_over_positions():
    """No position holds more than 40 % of the keys; few multiple-answer quizzes start with all their answers."""
    quizzes = lesson_quizzes()
    assert len(quizzes) >= 20

    assert spread_problems(quizzes) == []


def as_written(quiz: Quiz) -> Quiz:
    return Quiz(
        id=quiz.id,
        question=quiz.question,
        type=quiz.type,
        options=quiz.options,
        predict=quiz.predict,
        order=tuple(range(len(quiz.options))),
    )


def test_unshuffled_course_breaks_the_rule():
    """The check fails on the course as authored (keys mostly first), so it can catch a regression."""
    problems = spread_problems([as_written(quiz) for quiz in lesson_quizzes()])

    assert len(problems) == 2
    assert "single-answer keys are at position 1" in problems[0]
    assert "multiple-answer quizzes have all their correct options on top" in problems[1]
