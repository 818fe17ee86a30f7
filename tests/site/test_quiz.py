"""The ``/// quiz`` Markdown extension: parsing, validation and the HTML it renders."""

import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from course_site.quiz import Option, QuizError, QuizExtension, display_order

FILES = Path(__file__).parent / "files"


def render(source: str) -> tuple[str, QuizExtension]:
    extension = QuizExtension(base_path=str(FILES))
    html = markdown.Markdown(extensions=[extension, "pymdownx.superfences"]).convert(source)
    return html, extension


def render_file(name: str) -> tuple[str, QuizExtension]:
    return render((FILES / name).read_text(encoding="utf-8"))


def parse(html: str) -> ET.Element:
    return ET.fromstring(f"<root>{html}</root>")


def one(parent: ET.Element, path: str) -> ET.Element:
    """The first element at ``path`` under ``parent``; the test fails if there is none."""
    found = parent.find(path)
    assert found is not None, f"no {path} in the HTML"
    return found


@pytest.mark.parametrize("name", ["single", "multiple", "predict"])
def test_quiz_html_matches_golden_file(name, golden):
    """Rendered quizzes stay exactly as reviewed (update with --update-golden)."""
    html, _ = render_file(f"quizzes/{name}.md")
    golden(f"{name}.html", html + "\n")


def test_single_answer_quiz_is_a_form_of_radio_buttons_with_labels():
    """A single-answer quiz renders a fieldset whose legend is the question and one labelled radio per option."""
    html, _ = render_file("quizzes/single.md")
    form = one(parse(html), "form")

    assert form.get("class") == "quiz"
    assert form.get("data-quiz-id") == "fixtures-scope"
    assert "".join(one(form, "fieldset/legend").itertext()) == "Which fixture scope gives every test its own object?"
    inputs = form.findall(".//input")
    assert [field.get("type") for field in inputs] == ["radio", "radio"]
    assert {field.get("name") for field in inputs} == {"quiz-fixtures-scope"}
    labels = {label.get("for"): "".join(label.itertext()) for label in form.iter("label")}
    assert labels == {"quiz-fixtures-scope-1": "function", "quiz-fixtures-scope-2": "session"}


def test_multiple_answer_quiz_uses_checkboxes():
    """`type: multiple` renders checkboxes."""
    html, _ = render_file("quizzes/multiple.md")

    assert {field.get("type") for field in parse(html).iter("input")} == {"checkbox"}


def test_quiz_has_submit_button_retry_button_and_live_region():
    """The form can be submitted, retried, and announces its result politely."""
    form = one(parse(render_file("quizzes/single.md")[0]), "form")

    buttons = {button.text: button.get("type") for button in form.iter("button")}
    assert buttons == {"Check answer": "submit", "Try again": "button"}
    status = one(form, "p[@role='status']")
    assert status.get("aria-live") == "polite"
    assert status.get("class") == "quiz-result"


def test_every_explanation_is_in_the_page_with_its_verdict():
    """Explanations are in the HTML (readable without JavaScript) and say whether the option is right."""
    form = one(parse(render_file("quizzes/single.md")[0]), "form")

    whys = sorted(
        (why for why in form.iter("div") if why.get("class") == "quiz-why"), key=lambda why: why.get("id", "")
    )
    explanations = ["".join(why.itertext()).strip() for why in whys]
    assert explanations == [
        "Correct. Each test gets a fresh object, so nothing leaks between tests.",
        "Incorrect. One object is shared by every test in the run.",
    ]
    assert one(form, "details[@class='quiz-reveal']/summary").text == "Show answers"


def test_only_correct_options_carry_the_answer_marker():
    """The script grades answers from data-correct, present on correct options only."""
    form = one(parse(render_file("quizzes/multiple.md")[0]), "form")

    marked = {
        one(option, "input").get("value"): option.get("data-correct") is not None
        for option in form.iter("div")
        if option.get("class") == "quiz-option"
    }
    assert marked == {"1": True, "2": True, "3": False}


def test_options_are_shown_shuffled_but_keep_their_authoring_number():
    """The page shows options in the build-time order; each input's value, id and explanation keep its number."""
    html, extension = render_file("quizzes/multiple.md")
    (quiz,) = extension.quizzes
    options = [option for option in parse(html).iter("div") if option.get("class") == "quiz-option"]

    shown = [one(option, "input").get("value") for option in options]
    assert shown == [str(index + 1) for index in quiz.order] == ["1", "3", "2"]
    for option in options:
        number = one(option, "input").get("value", "")
        assert one(option, "label").get("for") == f"quiz-before-test-{number}"
        assert one(option, "div").get("id") == f"quiz-before-test-{number}-why"
        label = "".join(one(option, "label").itertext())
        assert quiz.options[int(number) - 1].label.replace("`", "") == label


def test_display_order_is_stable_per_id_and_depends_on_it():
    """The order comes from the quiz id alone: the same on every build, different between ids."""
    correct = (True, False, False, False)

    assert display_order("fixtures-scope", correct) == display_order("fixtures-scope", correct)
    orders = {display_order(f"quiz-{number}", correct) for number in range(40)}
    assert len(orders) > 4
    assert {order.index(0) for order in orders} == {0, 1, 2, 3}
    for order in orders:
        assert sorted(order) == [0, 1, 2, 3]


def test_predict_quiz_keeps_passes_fails_errors_order():
    """Predict questions are not shuffled: the outcomes stay in the order written."""
    html, extension = render_file("quizzes/predict.md")
    (quiz,) = extension.quizzes
    labels = [label.text for label in parse(html).iter("label")]

    assert quiz.order == tuple(range(len(quiz.options)))
    assert labels == [option.label for option in quiz.options]
    assert display_order("any-id", (False, True, False), predict=True) == (0, 1, 2)


def test_text_before_the_options_is_shown_inside_the_quiz():
    """A code block written before the option list belongs to the question."""
    fieldset = one(parse(render_file("quizzes/predict.md")[0]), "form/fieldset")

    assert [child.tag for child in fieldset] == ["legend", "div", "div"]
    assert "def test_addition" in "".join(fieldset[1].itertext())


def test_explanation_can_continue_over_lines_and_paragraphs():
    """An option's explanation keeps its continuation lines and extra indented paragraphs."""
    form = one(parse(render_file("quizzes/multiple.md")[0]), "form")
    whys = sorted(
        (why for why in form.iter("div") if why.get("class") == "quiz-why"), key=lambda why: why.get("id", "")
    )

    assert "long before any test runs" in "".join(whys[1].itertext())
    assert [p.text for p in whys[2].findall("p")][1] == "Teardown runs even when the test fails."


def test_extension_records_each_quiz_with_its_answer_key():
    """Tests and tools read the answer key from the parsed quizzes."""
    _, extension = render_file("quizzes/multiple.md")
    (quiz,) = extension.quizzes

    assert quiz.id == "before-test"
    assert quiz.type == "multiple"
    assert quiz.answer == ("Fixture set-up", "`conftest.py` imports")
    assert quiz.options[2] == Option(
        label="Fixture teardown", explanation="Code after `yield` runs once the test has finished.", correct=False
    )


def test_predict_quiz_records_its_module_and_expected_outcome():
    """A predict quiz keeps the module path and the outcome marked [x]."""
    html, extension = render_file("quizzes/predict.md")
    (quiz,) = extension.quizzes

    assert quiz.predict == "predict/passing_module.py"
    assert quiz.answer == ("passes",)
    assert one(parse(html), "form").get("data-predict") == "predict/passing_module.py"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing_id", "quiz 'Which scope?' the `id:` option must be lowercase words joined by hyphens, got ''"),
        ("bad_id", "quiz 'Which scope?' the `id:` option must be lowercase words joined by hyphens, got 'Fixtures 1'"),
        ("no_question", "quiz 'no-question' needs a question"),
        ("bad_type", "quiz 'bad-type' `type:` must be one of single, multiple, got 'several'"),
        ("unknown_option", "a `/// quiz` block was not recognised"),
        ("no_options", "quiz 'no-options' must end with a list of options"),
        ("one_option", "quiz 'one-option' needs at least two options"),
        ("no_marker", "quiz 'no-marker' has an option that does not start with `[x]` or `[ ]`: 'session :: Shared.'"),
        ("no_correct", "quiz 'no-correct' has no correct option"),
        ("two_correct_single", "quiz 'two-correct' is `type: single` but marks 2 options `[x]`"),
        (
            "missing_explanation",
            "quiz 'missing-explanation' has an option without an explanation after ` :: `: 'session'",
        ),
        ("empty_explanation", "quiz 'empty-explanation' has an option without an explanation"),
        ("duplicate_id", "quiz 'same-id' appears twice on this page"),
        ("predict_missing_file", "quiz 'predict-missing-file' `predict:` must name an existing pytest module"),
        ("predict_bad_labels", "quiz 'predict-bad-labels' is a `predict:` question, so its options must be some of"),
        ("predict_multiple", "quiz 'predict-multiple' a `predict:` question has exactly one outcome"),
    ],
)
def test_badly_written_quiz_is_rejected_with_a_message_naming_it(name, message):
    """Every authoring mistake stops the conversion and names the quiz and the problem."""
    with pytest.raises(QuizError) as error:
        render_file(f"invalid/{name}.md")

    assert message in str(error.value)


@pytest.mark.slow
def test_build_names_the_page_of_a_broken_quiz(mkdocs_build, tmp_path):
    """An MkDocs build with a broken quiz fails and names the page and the quiz."""
    result = mkdocs_build(tmp_path / "site", FILES / "sites/no_correct_answer/mkdocs.yml")

    assert result.returncode != 0
    assert "index.md: quiz 'nothing-right' has no correct option" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_build_rejects_one_quiz_id_on_two_pages(mkdocs_build, tmp_path):
    """Quiz ids key the learners' progress, so the build fails when two pages share one."""
    result = mkdocs_build(tmp_path / "site", FILES / "sites/duplicate_across_pages/mkdocs.yml")

    assert result.returncode != 0
    assert "other.md: quiz 'shared-id' is also used on index.md" in result.stderr


def test_pages_without_quizzes_are_left_alone():
    """Ordinary Markdown, including a `///` line in a code block, converts as usual."""
    html, extension = render("Some *text*.\n\n```text\n/// quiz | not a quiz\n```\n")

    assert extension.quizzes == []
    assert "<em>text</em>" in html
    assert "/// quiz | not a quiz" in html


def test_each_conversion_starts_with_no_quizzes_recorded():
    """Converting a second page with the same Markdown instance forgets the first page's quizzes."""
    extension = QuizExtension(base_path=str(FILES))
    md = markdown.Markdown(extensions=[extension])
    md.convert((FILES / "quizzes/single.md").read_text(encoding="utf-8"))
    md.reset()

    md.convert((FILES / "quizzes/single.md").read_text(encoding="utf-8"))

    assert [quiz.id for quiz in extension.quizzes] == ["fixtures-scope"]
