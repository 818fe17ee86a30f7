"""The gradebook CSV: one row per learner, one column per exercise, merged and written atomically."""

import os

import pytest

from autograder.outputs.gradebook import format_score, read_gradebook, write_gradebook


def result(learner, exercise, score):
    return {
        "path": f"submissions/{learner}.ipynb",
        "learner": learner,
        "exercise": exercise,
        "score": score,
        "max_score": 100.0,
        "status": "graded",
    }


def test_new_gradebook_has_a_row_per_learner_and_a_column_per_exercise(tmp_path):
    """A first grading run writes the header, learners in name order and each learner's total."""
    path = tmp_path / "grades.csv"

    write_gradebook(
        [result("linus", "registration", 40), result("ada", "shopping_cart", 82.5), result("ada", "registration", 67)],
        path,
    )

    assert path.read_text(encoding="utf-8") == (
        "learner,registration,shopping_cart,total\nada,67,82.5,149.5\nlinus,40,,40\n"
    )


def test_regrading_one_exercise_keeps_the_other_columns(tmp_path):
    """Grading shopping_cart again changes only its cells; registration scores stay."""
    path = tmp_path / "grades.csv"
    write_gradebook(
        [result("ada", "registration", 67), result("ada", "shopping_cart", 50), result("linus", "registration", 40)],
        path,
    )

    write_gradebook([result("ada", "shopping_cart", 90), result("grace", "shopping_cart", 100)], path)

    assert path.read_text(encoding="utf-8") == (
        "learner,registration,shopping_cart,total\nada,67,90,157\ngrace,,100,100\nlinus,40,,40\n"
    )


def test_a_new_exercise_gets_a_column_after_the_existing_ones(tmp_path):
    """Columns already in the file keep their order; a new exercise is added before the total."""
    path = tmp_path / "grades.csv"
    write_gradebook([result("ada", "shopping_cart", 50), result("ada", "file_upload", 10)], path)

    write_gradebook([result("ada", "registration", 30)], path)

    exercises, scores = read_gradebook(path)
    assert exercises == ["file_upload", "shopping_cart", "registration"]
    assert scores == {"ada": {"file_upload": 10, "shopping_cart": 50, "registration": 30}}


def test_names_with_commas_quotes_and_accents_survive_a_round_trip(tmp_path):
    """CSV quoting keeps odd but harmless learner names intact across two runs."""
    path = tmp_path / "grades.csv"
    names = ["Doe, Jane", 'Ann "Nan" Lee', "Zoë Ørsted"]
    write_gradebook([result(name, "shopping_cart", 1) for name in names], path)

    write_gradebook([result(names[0], "registration", 2)], path)

    _, scores = read_gradebook(path)
    assert scores == {
        names[0]: {"shopping_cart": 1, "registration": 2},
        names[1]: {"shopping_cart": 1},
        names[2]: {"shopping_cart": 1},
    }


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil","x")', "+1+1", "-2", "@SUM(A1)", "'=quoted"])
def test_formula_like_names_are_written_inert_and_read_back_unchanged(tmp_path, name):
    """A name a spreadsheet would run as a formula is written behind an apostrophe."""
    path = tmp_path / "grades.csv"

    write_gradebook([result(name, "shopping_cart", 5)], path)

    row = path.read_text(encoding="utf-8").splitlines()[1]
    assert row.lstrip('"').startswith("'"), f"the cell {row!r} would be evaluated by a spreadsheet"
    assert read_gradebook(path)[1] == {name: {"shopping_cart": 5}}


def test_two_results_for_one_learner_and_exercise_are_refused_before_writing(tmp_path):
    """Duplicate submissions mean a collection mistake: nothing is written and the error names them."""
    path = tmp_path / "grades.csv"
    write_gradebook([result("ada", "registration", 67)], path)
    before = path.read_bytes()

    with pytest.raises(ValueError, match=r"'ada'.*'shopping_cart'"):
        write_gradebook([result("ada", "shopping_cart", 1), result("ada", "shopping_cart", 2)], path)

    assert path.read_bytes() == before


def test_a_failed_replace_leaves_the_old_gradebook_and_no_temporary_file(tmp_path, monkeypatch):
    """If the final move fails, the previous gradebook is untouched and the temp file is removed."""
    path = tmp_path / "grades.csv"
    write_gradebook([result("ada", "registration", 67)], path)
    before = path.read_bytes()

    def refuse(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_gradebook([result("ada", "shopping_cart", 90)], path)

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv"]


def test_a_csv_that_is_not_a_gradebook_is_refused_and_kept(tmp_path):
    """Pointing --gradebook at another CSV by mistake must not overwrite it."""
    path = tmp_path / "roster.csv"
    path.write_text("name,email\nada,ada@example.com\n", encoding="utf-8")

    with pytest.raises(ValueError, match="is not a gradebook"):
        write_gradebook([result("ada", "shopping_cart", 90)], path)

    assert path.read_text(encoding="utf-8") == "name,email\nada,ada@example.com\n"


def test_a_score_that_is_not_a_number_is_reported_with_its_line(tmp_path):
    """A hand-edited cell such as 'absent' stops the merge with the line to fix."""
    path = tmp_path / "grades.csv"
    path.write_text("learner,shopping_cart,total\nada,90,90\nlinus,absent,0\n", encoding="utf-8")

    with pytest.raises(ValueError, match="line 3"):
        read_gradebook(path)


def test_rewriting_keeps_the_files_permissions(tmp_path):
    """A gradebook the instructor made private stays private after a merge."""
    path = tmp_path / "grades.csv"
    write_gradebook([result("ada", "shopping_cart", 90)], path)
    path.chmod(0o600)

    write_gradebook([result("ada", "registration", 10)], path)

    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("score", "written"),
    [(100.0, "100"), (82.5, "82.5"), (93.333333, "93.33"), (0.0, "0"), (12.004, "12"), (-0.001, "0"), (-0.0, "0")],
)
def test_scores_are_written_with_at_most_two_decimals(score, written):
    """Scores are rounded to cents and lose trailing zeros."""
    assert format_score(score) == written


def test_a_result_without_an_exercise_is_left_out_and_returned(tmp_path):
    """A notebook the grader could not read has no column: the caller gets it back to report."""
    path = tmp_path / "grades.csv"
    unreadable = {**result("linus", None, 0.0), "status": "error", "reason": "not JSON"}

    unplaced = write_gradebook([result("ada", "shopping_cart", 90), unreadable], path)

    assert [(r.learner, r.reason) for r in unplaced] == [("linus", "not JSON")]
    assert read_gradebook(path) == (["shopping_cart"], {"ada": {"shopping_cart": 90}})
