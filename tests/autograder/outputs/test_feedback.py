"""Feedback pages: one self-contained, accessible, escaped HTML page per submission."""

import pytest

from autograder.outputs.feedback import render_feedback, write_feedback
from autograder.outputs.text import MAX_MESSAGE_CHARS
from autograder.result import score_parts
from tests.autograder import pagecheck

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_result(make_result):
    """A result whose every submission-controlled text tries to inject markup."""
    result = make_result(
        path=f"submissions/{HOSTILE}.ipynb",
        learner=HOSTILE,
        cells=[{"index": 2, "error": f"NameError: {HOSTILE}"}],
        learner_tests={"passed_on_reference": False, "count": 1, "message": HOSTILE},
    )
    for test in result["tests"]:
        test["message"] = f"got: 200 {HOSTILE}</pre><a href='https://evil.example'>x</a>"
    return result


def test_graded_page_matches_the_golden_file(make_result, golden):
    """The whole page for a typical graded result stays as reviewed."""
    golden("feedback_graded.html", render_feedback(make_result()))


def test_the_score_is_split_into_app_checks_and_the_learners_tests(make_result):
    """The learner sees what each part of the score earned, as the grader stored the parts."""
    text = pagecheck.text(render_feedback(make_result()))

    assert "Checks of your app: 17.5 / 70 points" in text
    assert "Planted bugs your tests caught: 15 / 30 points" in text


def test_page_shows_the_score_and_each_checks_description_outcome_and_message(make_result):
    """The learner sees their score, every check in words, and what the request got."""
    text = pagecheck.text(render_feedback(make_result()))

    assert "32.5 / 100 points" in text
    assert "You passed 1 of 3 checks." in text
    assert "Checkout with too little stock answers 409" in text
    assert 'got: 200 {"status": "paid"}' in text
    assert "the app raised KeyError: 'qty'" in text


def test_page_never_shows_hidden_test_names(make_result):
    """Test function names hint at the hidden suite's code: only descriptions are shown."""
    result = make_result()

    page = render_feedback(result)

    for test in result["tests"]:
        assert test["name"] not in page


def test_missed_bugs_are_named_in_plain_words(make_result):
    """The bugs the learner's tests missed are listed by their learner-facing description."""
    text = pagecheck.text(render_feedback(make_result()))

    missed = text.split("Bugs your tests missed", 1)[1].split("Bugs your tests caught", 1)
    assert "the total ignores quantities" in missed[0]
    assert "checkout does not empty the cart" in missed[1]
    assert "pass on a correct app caught 1." in text


def test_tests_failing_on_the_reference_app_are_explained_instead_of_scored(make_result):
    """When none of the learner's tests pass on a correct app, the page says so and lists no bugs."""
    result = make_result(
        learner_tests={
            "passed_on_reference": False,
            "count": 3,
            "kept": 0,
            "left_out": [{"name": "test_add", "message": "failed on the correct app: assert 200 == 201"}],
            "message": "none of your 3 tests passed on the correct app",
        }
    )

    text = pagecheck.text(render_feedback(result))

    assert "None of your 3 tests passed on a correct app" in text
    assert "assert 200 == 201" in text
    assert "Bugs your tests missed" not in text


def test_left_out_and_uncounted_tests_are_named_with_what_to_do(make_result):
    """A test left out of the bug count shows pytest's words; a test in an untagged cell, its cell."""
    result = make_result(
        learner_tests={
            "passed_on_reference": False,
            "count": 6,
            "kept": 5,
            "message": "",
            "left_out": [
                {"name": "TestCheckout::test_total[mug]", "message": "failed on the correct app: assert 2598 == 9999"}
            ],
            "not_counted": [{"name": "test_forgotten", "cell": 14}],
        }
    )

    text = pagecheck.text(render_feedback(result))

    assert "Tests left out" in text and "TestCheckout::test_total[mug]" in text and "assert 2598 == 9999" in text
    assert "you keep 5/6 of the credit" in text
    assert "Tests not counted" in text and "test_forgotten (cell 14)" in text
    assert "Bugs your tests missed" in text  # the five kept tests still count


def test_a_notebook_without_tests_is_told_so(make_result):
    """No learner tests gets its own plain explanation."""
    result = make_result(learner_tests={"passed_on_reference": False, "count": 0, "message": ""})

    assert "We found no tests" in pagecheck.text(render_feedback(result))


def test_every_planted_bug_caught_is_congratulated(make_result):
    """A learner whose tests caught all mutants is told so."""
    result = make_result()
    for mutant in result["mutants"]:
        mutant["caught"] = True

    assert "they caught every one" in pagecheck.text(render_feedback(result))


def test_failed_cells_are_numbered_from_one_with_their_error(make_result):
    """Cell index 0 is the notebook's first cell, which a learner calls cell 1."""
    result = make_result(cells=[{"index": 0, "error": "ModuleNotFoundError: No module named 'flask_mial'"}])

    text = pagecheck.text(render_feedback(result))

    assert "Cells that raised an error" in text
    assert "1ModuleNotFoundError: No module named 'flask_mial'" in text.replace("\n", "")


def test_an_error_submission_shows_the_reason_and_no_test_sections(make_result):
    """A notebook that could not be graded gets the reason instead of empty sections."""
    result = make_result(
        status="error",
        reason="the notebook is not valid JSON",
        score=0.0,
        tests=[],
        mutants=[],
        learner_tests={"passed_on_reference": False, "count": 0, "message": ""},
    )

    text = pagecheck.text(render_feedback(result))

    assert "Your notebook could not be graded." in text
    assert "the notebook is not valid JSON" in text
    assert "0 / 100 points" in text
    assert "Checks of your app" not in text
    assert "How well your tests catch bugs" not in text


def test_an_unknown_outcome_is_shown_as_an_error(make_result):
    """Only passed and failed have their own label; anything else reads as an error."""
    result = make_result()
    result["tests"][0]["outcome"] = "xpassed"

    page = render_feedback(result)

    assert 'class="xpassed"' not in page
    assert page.count('<span class="error">Error</span>') == 2


def check(name, description, outcome, message="", max_points=1):
    """A hidden test's entry in a result."""
    points = max_points if outcome == "passed" else 0
    return {
        "name": name,
        "description": description,
        "outcome": outcome,
        "points": points,
        "max_points": max_points,
        "message": message,
    }


def test_failed_checks_come_first_and_passed_ones_are_folded(make_result):
    """The learner reads what to fix at the top; what passed waits, folded, below it."""
    result = make_result(
        tests=[
            check("test_a", "Listing answers 200", "passed"),
            check("test_b", "Unknown ids answer 404", "failed", "GET /items/9\nexpected: 404\ngot: 500"),
            check("test_c", "Totals are exact", "passed"),
        ]
    )

    page = render_feedback(result)
    text = pagecheck.text(page)

    assert text.index("Unknown ids answer 404") < text.index("2 checks passed") < text.index("Listing answers 200")
    folded = page[page.index("<details>") : page.index("</details>")]
    assert "Listing answers 200" in folded and "Totals are exact" in folded and "Unknown ids" not in folded
    assert "You passed 2 of 3 checks." in text


def test_parametrized_cases_share_one_description_and_show_their_ids(make_result):
    """Five cases of one check are one heading with the ids of the cases that failed, not five rows."""
    cases = [
        check(
            f"test_bad_payload[{case}]",
            "Tokens with a bad payload answer 401",
            "passed" if case in {"list", "string"} else "failed",
            f"payload {case}: got 200",
        )
        for case in ("list", "string", "no-sub", "sub-int", "sub-none")
    ]

    page = render_feedback(make_result(tests=cases))
    text = pagecheck.text(page)

    assert text.count("Tokens with a bad payload answer 401") == 1
    assert "3 of 5 cases" in text
    assert [f"Case {case}" in text for case in ("no-sub", "sub-int", "sub-none", "list")] == [True, True, True, False]
    assert "You passed 2 of 5 checks." in text


def test_an_app_that_could_not_be_built_gets_one_banner_not_a_row_per_check(make_result):
    """Every check stopped at the same error: the page says it once, above nothing repeated."""
    message = "create_app() raised NameError: name 'jsonify' is not defined"
    result = make_result(
        tests=[check(f"test_{index}", f"check {index}", "error", message) for index in range(60)],
        reason="the app could not be built",
    )

    text = pagecheck.text(render_feedback(result))

    assert "None of the 60 checks could test your app" in text
    assert text.count(message) == 1
    assert "check 7" not in text


def test_long_messages_are_shortened_and_say_so(make_result):
    """An app that answers megabytes does not turn the page into megabytes."""
    result = make_result()
    result["tests"][1]["message"] = "x" * (MAX_MESSAGE_CHARS + 5_000)

    text = pagecheck.text(render_feedback(result))

    assert "x" * MAX_MESSAGE_CHARS in text
    assert "x" * (MAX_MESSAGE_CHARS + 1) not in text
    assert "5,000 more characters not shown" in text


def test_everything_from_the_submission_is_escaped(hostile_result):
    """Markup in names, paths, messages, reasons and cell errors is shown as text, never run."""
    page = render_feedback(hostile_result)

    assert HOSTILE not in page
    pagecheck.assert_self_contained(page)
    assert HOSTILE in pagecheck.text(page)


@pytest.mark.parametrize("status", ["graded", "error"])
def test_page_is_self_contained_and_accessibly_structured(make_result, status):
    """lang, one h1, ordered headings, captioned tables, scoped headers, no outside requests."""
    page = render_feedback(make_result(status=status, reason="kernel died", cells=[{"index": 1, "error": "boom"}]))

    pagecheck.assert_self_contained(page)
    pagecheck.assert_accessible_structure(page)


def test_write_feedback_writes_one_page_per_submission_inside_the_folder(tmp_path, make_result):
    """Pages land at <out>/<exercise>/<learner>.html, even for learner names that look like paths."""
    results = [
        make_result(),
        make_result(learner="../../escape"),
        make_result(learner="grace", exercise="registration", title="Sign-up with email", parts=None),
    ]

    pages = write_feedback(results, tmp_path / "feedback")

    relative = [page.relative_to(tmp_path / "feedback").as_posix() for page in pages]
    assert relative[0] == "shopping_cart/ada.html"
    assert relative[1].startswith("shopping_cart/escape-") and relative[1].count("/") == 1
    assert relative[2] == "registration/grace.html"
    assert "Feedback: Sign-up with email" in pages[2].read_text(encoding="utf-8")
    assert "Checks of your app: 17.5 / 70 points" in pagecheck.text(pages[0].read_text(encoding="utf-8"))
    assert "Checks of your app: " not in pagecheck.text(pages[2].read_text(encoding="utf-8"))


def test_two_results_that_would_share_a_page_are_refused(tmp_path, make_result):
    """The same learner and exercise twice would overwrite a page: the writer refuses before writing any."""
    with pytest.raises(ValueError, match="share the feedback page"):
        write_feedback([make_result(), make_result(score=1)], tmp_path / "feedback")

    assert not (tmp_path / "feedback").exists()


def test_a_graded_app_that_could_not_be_fully_tested_says_why(make_result):
    """A graded result may carry a reason (the kernel died): the learner reads it above the checks."""
    result = make_result(reason="the kernel stopped while the notebook ran, so the app could not be tested")

    text = pagecheck.text(render_feedback(result))

    assert "Your app could not be fully tested." in text
    assert "the kernel stopped while the notebook ran" in text.split("You passed")[0]


def test_a_result_without_an_exercise_gets_an_unknown_exercise_page(tmp_path, make_result):
    """An unreadable notebook has no exercise id; its page still gets written, under unknown/."""
    result = make_result(exercise=None, title=None, status="error", reason="the file is not valid JSON", parts=None)

    [page] = write_feedback([result], tmp_path)

    assert page == tmp_path / "unknown" / "ada.html"
    assert "Feedback: Unknown exercise" in page.read_text(encoding="utf-8")


@pytest.mark.e2e
def test_pages_pass_axe_and_request_nothing_in_a_real_browser(audit_page, make_result, hostile_result):
    """Chromium loads the pages without a single request, and axe-core finds no violation."""
    for result in (make_result(), hostile_result, make_result(status="error", reason="no cells")):
        audit = audit_page(render_feedback(result))

        assert audit.requests == []
        assert [f"{v['id']}: {v['help']}" for v in audit.violations] == []


@pytest.mark.e2e
def test_pages_fit_a_360_px_phone_without_sideways_scrolling(render_in_browser, make_result, hostile_result):
    """Long messages, hostile text and an error page all wrap inside a 360 px screen."""
    for result in (make_result(), hostile_result, make_result(status="error", reason="x" * 500, parts=None)):
        rendering = render_in_browser(render_feedback(result), width=360)

        assert rendering.scroll_width <= rendering.viewport_width


@pytest.mark.e2e
def test_pages_follow_the_readers_dark_mode(render_in_browser, make_result):
    """With the system set to dark, the page is light text on a dark background."""
    light = render_in_browser(render_feedback(make_result()), color_scheme="light")
    dark = render_in_browser(render_feedback(make_result()), color_scheme="dark")

    assert (light.background, light.ink) == ("rgb(255, 255, 255)", "rgb(27, 31, 36)")
    assert (dark.background, dark.ink) == ("rgb(13, 17, 23)", "rgb(230, 237, 243)")


def test_cut_output_is_named_with_the_limits_and_costs_nothing(make_result):
    """Cells whose output the grader cut are listed (counted from 1) with the limits that applied."""
    result = make_result(
        output_cut={"cells": [0, 4], "per_cell_bytes": 256 * 1024, "per_notebook_bytes": 2 * 1024 * 1024}
    )

    text = pagecheck.text(render_feedback(result))

    assert (
        "The grader kept only part of the output of cells 1 and 5 (counted from 1): it keeps at most "
        "256 KiB a cell and 2,048 KiB a notebook. This costs no points"
    ) in text
    assert "kept only part" not in pagecheck.text(render_feedback(make_result()))


def test_the_score_parts_add_up_to_the_score_and_none_is_negative_zero(make_result):
    """A spec part of 41.791 and a score of 41.79: the parts shown are 41.79 and 0, never -0."""
    tests = [
        {
            "name": f"test_{index}",
            "description": f"check {index}",
            "outcome": "passed" if index < 40 else "failed",
            "points": 1.0 if index < 40 else 0.0,
            "max_points": 1.0,
            "message": "",
        }
        for index in range(67)
    ]
    stored = score_parts(70 * 40 / 67, 0.0, spec_points=70, quality_points=30)
    result = make_result(tests=tests, **stored, mutants=[{"id": "m", "description": "a bug", "caught": False}])

    text = pagecheck.text(render_feedback(result))

    assert "-0" not in text
    assert "41.79 / 70" in text and "0 / 30" in text


def test_a_single_test_that_failed_on_the_correct_app_is_spoken_of_in_the_singular(make_result):
    """One test, failing on a correct app: "Your one test failed ... so it could not", not "None of your 1 tests"."""
    result = make_result(learner_tests={"passed_on_reference": False, "count": 1, "kept": 0, "message": ""})

    text = pagecheck.text(render_feedback(result))

    assert "Your one test failed on a correct app, so it could not catch any bug" in text
