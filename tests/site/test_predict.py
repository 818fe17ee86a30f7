"""'Predict the outcome' quizzes: the answer key matches what pytest really reports."""

from pathlib import Path

import markdown
import pytest

from course_site.quiz import QuizExtension

REPO = Path(__file__).resolve().parents[2]


def predict_quizzes():
    for page in sorted((REPO / "docs").rglob("*.md")):
        extension = QuizExtension(base_path=str(REPO))
        markdown.Markdown(extensions=[extension, "pymdownx.superfences"]).convert(page.read_text(encoding="utf-8"))
        for quiz in extension.quizzes:
            if quiz.predict:
                yield pytest.param(quiz, id=quiz.id)


PREDICT_QUIZZES = list(predict_quizzes())


def test_lessons_have_predict_quizzes():
    """The answer-key check below has quizzes to check."""
    assert len(PREDICT_QUIZZES) >= 3


@pytest.mark.slow
@pytest.mark.parametrize("quiz", PREDICT_QUIZZES)
def test_predicted_outcome_is_what_pytest_reports(quiz, run_pytest):
    """Running the quiz's module gives exactly the outcome its [x] option claims."""
    (expected,) = quiz.answer

    run = run_pytest(quiz.predict)

    assert run.outcome == expected, run.output
