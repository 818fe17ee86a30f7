"""The class report: per-exercise histograms, pass rates, uncaught mutants and error submissions."""

import json

import pytest

from autograder.cli import main
from autograder.outputs.class_report import render_class_report, summarise, write_class_report
from autograder.outputs.class_report.histogram import score_histogram
from autograder.result import Result
from tests.autograder import pagecheck


def test_class_report_matches_the_golden_file(class_results, golden):
    """The whole report for a small class stays as reviewed."""
    golden("class_report.html", render_class_report(class_results))


def test_scores_fall_into_ten_equal_ranges_with_full_marks_in_the_last():
    """A range holds its lower edge; 100 of 100 counts in the top range; strays are clamped."""
    histogram = score_histogram([0, 9.99, 10, 55, 99.9, 100, -5, 150], max_score=100)

    assert [bar.count for bar in histogram.bars] == [3, 1, 0, 0, 0, 1, 0, 0, 0, 3]
    assert histogram.bars[0].label == "0 to 10"
    assert histogram.bars[-1].label == "90 to 100"


def test_bar_heights_are_proportional_to_counts():
    """The tallest bar fills the plot; an empty range draws no bar."""
    histogram = score_histogram([95, 95, 95, 95, 55, 55], max_score=100)
    heights = {bar.count: bar.height for bar in histogram.bars}

    assert heights[4] == histogram.plot_height
    assert heights[2] == pytest.approx(histogram.plot_height / 2)
    assert heights[0] == 0


def test_histogram_describes_itself_for_screen_readers():
    """The SVG's description lists every range and its count in words."""
    histogram = score_histogram([12.5, 30], max_score=50)

    assert histogram.description.startswith("Scores of 2 graded submissions, out of 50: ")
    assert "10 to 15: 1" in histogram.description
    assert "30 to 35: 1" in histogram.description


def test_histogram_needs_a_positive_maximum():
    """A zero maximum would divide by zero: it is refused with a clear message."""
    with pytest.raises(ValueError, match="max_score must be positive"):
        score_histogram([0], max_score=0)


def test_pass_rates_are_counted_over_graded_submissions_hardest_first(class_results):
    """The error submission counts for nothing; the least-passed test comes first."""
    cart = [r for r in class_results if r["exercise"] == "shopping_cart"]

    summary = summarise("shopping_cart", [Result.of(result) for result in cart])

    assert (summary.submissions, summary.graded) == (4, 3)
    assert summary.mean == pytest.approx((45 + 90 + 11.67) / 3)
    assert summary.median == 45
    rates = [(rate.name, rate.passed, rate.total) for rate in summary.tests]
    assert rates[0] == ("test_cart_total_counts_quantities", 1, 3)
    assert rates[-1] == ("test_unknown_product_answers_404", 3, 3)


def test_mutants_no_learner_caught_are_singled_out(class_results):
    """Only the mutant that every learner missed is listed as uncaught."""
    cart = [r for r in class_results if r["exercise"] == "shopping_cart"]

    summary = summarise("shopping_cart", [Result.of(result) for result in cart])

    assert [mutant.id for mutant in summary.uncaught] == ["stock_not_checked"]
    assert summary.eligible_learners == 2
    assert {m.id: m.caught_by for m in summary.mutants} == {
        "stock_not_checked": 0,
        "total_ignores_quantity": 1,
        "checkout_keeps_cart": 2,
    }


def test_report_says_when_every_mutant_was_caught(class_results):
    """An exercise whose mutants were all caught says so instead of an empty list."""
    registration = [r for r in class_results if r["exercise"] == "registration"]

    text = pagecheck.text(render_class_report(registration))

    assert "Every planted bug was caught by at least one learner's tests." in text


def test_error_submissions_are_listed_with_their_reason(class_results):
    """The instructor sees who could not be graded and why."""
    text = pagecheck.text(render_class_report(class_results))

    errors = text.split("Submissions that could not be graded", 1)[1]
    assert "margaret" in errors
    assert "the notebook is not valid JSON" in errors


def test_a_class_without_errors_says_so(make_result):
    """No error submissions: a sentence, not an empty table."""
    text = pagecheck.text(render_class_report([make_result()]))

    assert "None: every submission was graded." in text


def test_an_exercise_with_only_error_submissions_draws_no_histogram(make_result):
    """Nothing graded means no scores to draw, not an empty or broken chart."""
    page = render_class_report([make_result(status="error", reason="timeout", score=0.0, tests=[], mutants=[])])

    assert "<svg" not in page
    assert "timeout" in pagecheck.text(page)


def test_histogram_svg_is_labelled_for_assistive_technology(class_results):
    """Each SVG is an image whose accessible name and description exist on the page."""
    found = pagecheck.elements(render_class_report(class_results))
    ids = {element.attrs.get("id") for element in found}

    svgs = [element for element in found if element.tag == "svg"]
    assert len(svgs) == 3
    for svg in svgs:
        labelledby = svg.attrs["aria-labelledby"]
        assert svg.attrs["role"] == "img"
        assert labelledby is not None and set(labelledby.split()) <= ids


def test_report_escapes_submission_text_and_is_self_contained(class_results, make_result):
    """Hostile learner names and error reasons stay text; the page needs nothing from outside."""
    hostile = "<img src=x onerror=alert(1)>"
    error = make_result(learner=hostile, status="error", reason=f"</pre>{hostile}", tests=[], mutants=[])

    page = render_class_report([*class_results, error])

    assert "<img src=x" not in page
    assert f"</pre>{hostile}" in pagecheck.text(page)
    pagecheck.assert_self_contained(page)
    pagecheck.assert_accessible_structure(page)


def test_write_class_report_creates_its_folder(tmp_path, make_result):
    """The report can be written into a folder that does not exist yet."""
    path = write_class_report([make_result()], tmp_path / "reports" / "class.html")

    assert path.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_results_without_an_exercise_are_grouped_and_listed_as_errors(make_result):
    """An unreadable notebook shows up under "Unknown exercise" and in the error table."""
    result = make_result(
        learner="linus",
        exercise=None,
        title=None,
        status="error",
        reason="the file is empty",
        tests=[],
        mutants=[],
        parts=None,
    )

    text = pagecheck.text(render_class_report([make_result(), result]))

    assert "Unknown exercise" in text
    assert "the file is empty" in text.split("Submissions that could not be graded", 1)[1]


def test_report_command_writes_pages_report_and_gradebook(tmp_path, class_results, capsys):
    """`python -m autograder report` turns grade's JSON into every instructor output at once."""
    results_file = tmp_path / "results.json"
    results_file.write_text(json.dumps(class_results), encoding="utf-8")

    code = main(
        [
            "report",
            str(results_file),
            "--feedback",
            str(tmp_path / "feedback"),
            "--class-report",
            str(tmp_path / "class.html"),
            "--gradebook",
            str(tmp_path / "grades.csv"),
        ]
    )

    assert code == 0
    assert len(list((tmp_path / "feedback").rglob("*.html"))) == len(class_results)
    assert (tmp_path / "class.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert (
        (tmp_path / "grades.csv")
        .read_text(encoding="utf-8")
        .startswith("learner,file_upload,registration,shopping_cart,total\n")
    )
    assert "9 feedback pages" in capsys.readouterr().out


def test_report_command_names_a_file_that_holds_no_results(tmp_path):
    """A JSON file of something else stops the command with the file's name and what is missing."""
    wrong = tmp_path / "settings.json"
    wrong.write_text('{"theme": "dark"}', encoding="utf-8")

    with pytest.raises(SystemExit, match=r"settings\.json holds something that is not a result"):
        main(["report", str(wrong), "--class-report", str(tmp_path / "class.html")])


def test_report_command_refuses_two_results_for_one_learner_and_writes_nothing(tmp_path, make_result):
    """Two results for a learner and exercise name both submissions; no page, report or gradebook is written."""
    first = tmp_path / "monday.json"
    first.write_text(json.dumps([make_result(path="monday/ada.ipynb")]), encoding="utf-8")
    second = tmp_path / "tuesday.json"
    second.write_text(json.dumps(make_result(path="tuesday/ada.ipynb", score=1)), encoding="utf-8")
    outputs = {
        "--feedback": tmp_path / "feedback",
        "--class-report": tmp_path / "class.html",
        "--gradebook": tmp_path / "grades.csv",
    }

    with pytest.raises(SystemExit) as refused:
        main(["report", str(first), str(second), *(str(part) for pair in outputs.items() for part in pair)])

    message = str(refused.value)
    assert "two results for the same learner and exercise" in message
    assert "ada in shopping_cart: monday/ada.ipynb" in message and "tuesday/ada.ipynb" in message
    assert not [path for path in outputs.values() if path.exists()]


def test_report_command_without_an_output_says_what_to_ask_for(tmp_path):
    """Nothing to write is a usage mistake, not a silent success."""
    with pytest.raises(SystemExit, match="give --feedback, --class-report and/or --gradebook"):
        main(["report", str(tmp_path)])


def test_report_command_on_a_folder_without_results_fails_and_says_so(tmp_path):
    """An empty folder is not "every submission was graded": the command stops with the reason."""
    with pytest.raises(SystemExit, match=r"no results in .*: grade first"):
        main(["report", str(tmp_path), "--class-report", str(tmp_path / "class.html")])
    assert not (tmp_path / "class.html").exists()


def test_counts_in_sentences_take_the_right_number(make_result):
    """One submission in one exercise is said so, not "1 submissions in 1 exercises"."""
    text = pagecheck.text(render_class_report([make_result()]))

    assert "1 submission in 1 exercise." in text


@pytest.mark.e2e
def test_report_passes_axe_and_requests_nothing_in_a_real_browser(audit_page, class_results):
    """Chromium loads the report, SVGs included, without a request, and axe-core finds no violation."""
    audit = audit_page(render_class_report(class_results))

    assert audit.requests == []
    assert [f"{v['id']}: {v['help']}" for v in audit.violations] == []


def test_the_roster_lists_every_submission_with_its_parts_and_flags(class_results):
    """One row per submission: score, both parts, status, and a flag where a learner's tests need a look."""
    page = render_class_report(class_results, feedback="feedback")
    rows = pagecheck.table_rows(page, "Every submission")

    assert len(rows) == len(class_results)
    by_learner = {(row[0], row[1]): row for row in rows}
    assert by_learner[("ada", "Shopping cart API")][2:5] == ["45 / 100", "35 / 70", "10 / 30"]
    assert by_learner[("linus", "Shopping cart API")][7] == "no tests of their own cells raised errors"
    assert by_learner[("linus", "Registration with email confirmation")][7] == "all their tests rejected"
    assert by_learner[("margaret", "Shopping cart API")][2:6] == ["0 / 100", "–", "–", "not graded"]
    flagged = sum(bool(row[7]) for row in rows)
    assert f"5 learners, 9 submissions; {flagged} flagged for a look." in pagecheck.text(page)


def test_the_roster_links_each_learner_to_their_feedback_page(tmp_path, class_results):
    """Written beside the feedback folder, the report's links open each learner's page."""
    from autograder.outputs.feedback import write_feedback

    pages = write_feedback(class_results, tmp_path / "feedback")
    report = write_class_report(class_results, tmp_path / "reports" / "class.html", feedback=tmp_path / "feedback")

    links = [
        element.attrs["href"] or ""
        for element in pagecheck.elements(report.read_text(encoding="utf-8"))
        if element.tag == "a"
    ]
    assert sorted((report.parent / link).resolve() for link in links) == sorted(page.resolve() for page in pages)
    pagecheck.assert_self_contained(report.read_text(encoding="utf-8"), local_links=True)


@pytest.mark.e2e
def test_the_roster_sorts_by_score_in_the_browser(browser, class_results):
    """Pressing "Score" orders the rows by score, and again in reverse: the hashed script runs."""
    page = browser.new_page()
    try:
        page.set_content(render_class_report(class_results))
        page.get_by_role("button", name="Score").click()
        ascending = page.locator("table.sortable tbody tr td:nth-child(3)").evaluate_all(
            "cells => cells.map(cell => Number(cell.dataset.sort))"
        )
        page.get_by_role("button", name="Score").click()
        descending = page.locator("table.sortable tbody tr td:nth-child(3)").evaluate_all(
            "cells => cells.map(cell => Number(cell.dataset.sort))"
        )
    finally:
        page.close()

    assert ascending == sorted(ascending) and ascending != [float(r["score"]) for r in class_results]
    assert descending == sorted(ascending, reverse=True)


@pytest.mark.e2e
def test_the_report_fits_a_360_px_phone(render_in_browser, class_results):
    """The histogram shrinks to the screen and the roster scrolls inside its own box, not the page."""
    rendering = render_in_browser(render_class_report(class_results), width=360)

    assert rendering.scroll_width <= rendering.viewport_width
