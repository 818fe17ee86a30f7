"""The result model: parts that add up, clear errors for what is not a result, atomic writes."""

import pytest

from autograder.atomic_files import write_json_atomic
from autograder.bundles.gradescope.results import to_gradescope
from autograder.outputs.class_report import render_class_report
from autograder.outputs.feedback import render_feedback
from autograder.result import QUALITY_PART, SPEC_PART, Result, ResultError, load_results, score_parts
from tests.autograder import pagecheck


@pytest.mark.parametrize("spec", [0.0, 17.5, 41.791044, 69.999, 70.0, 23.333333])
@pytest.mark.parametrize("quality", [0.0, 10.0, 14.285714, 29.995])
def test_the_stored_parts_add_up_to_the_score_to_the_cent(spec, quality):
    """Whatever the unrounded parts, the stored parts in cents add up to the stored score."""
    stored = score_parts(spec, quality, spec_points=70, quality_points=30)
    parts = stored["parts"]

    assert round((parts["spec"]["score"] + parts["quality"]["score"]) * 100) == round(stored["score"] * 100)
    assert all(str(part["score"]) != "-0.0" for part in parts.values())
    assert stored["score"] == round(spec + quality, 2)


def test_the_view_reads_every_part_of_a_stored_result(make_result):
    """Title, parts and the grader-fault flag come straight from what grade stored."""
    result = Result.of(make_result(), "results.json")

    assert (result.title, result.score, result.grader_fault, result.source) == (
        "Shopping cart",
        32.5,
        False,
        "results.json",
    )
    assert [(part.name, part.score, part.max_score) for part in result.parts] == [
        (SPEC_PART, 17.5, 70.0),
        (QUALITY_PART, 15.0, 30.0),
    ]
    assert result.tests_kept == 5


def test_a_result_written_before_the_model_still_reads(make_result):
    """No title, parts or flag (an older grader): an id made readable, no parts, the fault from the reason."""
    old = make_result(status="error", reason="internal grader error: boom")
    for key in ("title", "parts", "grader_fault"):
        del old[key]

    result = Result.of(old)

    assert (result.title, result.parts, result.grader_fault) == ("Shopping cart", (), True)


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ([1, 2], "results.json holds something that is not a result (a list)"),
        ({"learner": "ada"}, "missing path, exercise, status, score, max_score"),
        (
            {"path": "a", "learner": "a", "exercise": "x", "status": "graded", "score": "lots", "max_score": 100},
            "score and max_score must be numbers",
        ),
        (
            {
                "path": "a",
                "learner": "a",
                "exercise": "x",
                "status": "graded",
                "score": 1,
                "max_score": 100,
                "parts": {"spec": {"score": 1}},
            },
            "parts must give spec and quality",
        ),
    ],
    ids=["not-an-object", "missing-keys", "score-not-a-number", "parts-incomplete"],
)
def test_what_is_not_a_result_is_refused_by_name(data, complaint):
    """Each way an object can fail to be a result gives one sentence naming the file."""
    with pytest.raises(ResultError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        Result.of(data, "results.json")


def test_results_load_from_files_and_folders_of_them(tmp_path, make_result):
    """A file may hold one result or a list; a folder is searched for *.json at any depth."""
    write_json_atomic(tmp_path / "one.json", make_result(learner="ada"))
    write_json_atomic(tmp_path / "shards" / "two.json", [make_result(learner="ben"), make_result(learner="cy")])

    loaded = load_results([tmp_path / "one.json", tmp_path / "shards"])

    assert [(result.learner, result.source) for result in loaded] == [
        ("ada", str(tmp_path / "one.json")),
        ("ben", str(tmp_path / "shards" / "two.json")),
        ("cy", str(tmp_path / "shards" / "two.json")),
    ]


def test_a_file_that_is_not_json_is_named(tmp_path):
    """A truncated file stops the load with its name and the parser's words."""
    broken = tmp_path / "results.json"
    broken.write_text('[{"learner": ')

    with pytest.raises(ResultError, match=f"cannot read {broken}: Expecting value"):
        load_results([broken])


def test_feedback_gradescope_and_class_report_state_the_same_numbers(make_result):
    """A partly wrong submission: its page, its results.json and the roster show one score and one split."""
    tests = [
        {
            "name": f"test_{index}",
            "description": f"check {index}",
            "outcome": "passed" if index % 3 else "failed",
            "points": 1.0 if index % 3 else 0.0,
            "max_points": 1.0,
            "message": "",
        }
        for index in range(7)
    ]
    stored = score_parts(70 * 4 / 7, 30 * 1 / 3, spec_points=70, quality_points=30)
    result = make_result(tests=tests, **stored)
    spec, quality = stored["parts"]["spec"]["score"], stored["parts"]["quality"]["score"]

    page = pagecheck.text(render_feedback(result))
    gradescope = to_gradescope(result)
    roster = pagecheck.text(render_class_report([result])).split("Roster", 1)[1]

    assert (spec, quality, stored["score"]) == (40.0, 10.0, 50.0)
    assert f"{SPEC_PART}: 40 / 70 points" in page and f"{QUALITY_PART}: 10 / 30 points" in page
    assert "50 / 100 points" in page
    assert round(sum(test["score"] for test in gradescope["tests"][:-1]), 2) == spec
    assert gradescope["tests"][-1]["score"] == quality
    assert round(sum(test["score"] for test in gradescope["tests"]), 2) == gradescope["score"] == 50.0
    assert round(sum(test["max_score"] for test in gradescope["tests"]), 2) == 100.0
    assert "50 / 100" in roster and "40 / 70" in roster and "10 / 30" in roster
