"""Grading end to end: the result JSON of the contract, learner ids, batches and the resumable cache."""

import json
from pathlib import Path

import pytest

import autograder.grade as grade_module
import autograder.sandbox as sandbox_module
from autograder.grade import find_submissions, grade_batch, grade_file, learner_id, write_json_atomic
from tests.autograder.builders import NOTES_SOLUTION, app_notebook, needs_bwrap, notebook, small_options, write

CONTRACT_KEYS = {
    "path", "learner", "exercise", "status", "reason", "score", "max_score", "tests", "mutants",
    "learner_tests", "cells", "duration_s", "sandbox",
}  # fmt: skip


@pytest.fixture(scope="module")
def solution_result() -> dict:
    """The notes solution, graded once."""
    return grade_file(NOTES_SOLUTION, small_options())


@pytest.mark.slow
@needs_bwrap
def test_the_reference_solution_gets_full_marks(solution_result):
    """The solution notebook passes every hidden test and catches every mutant."""
    assert solution_result["status"] == "graded", solution_result["reason"]
    assert solution_result["score"] == solution_result["max_score"] == 100.0
    assert solution_result["learner_tests"]["passed_on_reference"] is True
    assert solution_result["sandbox"] == "bwrap"


@pytest.mark.slow
@needs_bwrap
def test_a_result_has_exactly_the_contract_fields(solution_result):
    """The result JSON has the contract's keys (plus sandbox) and is JSON-serialisable."""
    assert set(solution_result) == CONTRACT_KEYS
    assert set(solution_result["tests"][0]) == {"name", "description", "outcome", "points", "max_points", "message"}
    assert set(solution_result["mutants"][0]) == {"id", "description", "caught"}
    assert json.loads(json.dumps(solution_result)) == solution_result


@pytest.mark.slow
@needs_bwrap
def test_a_partly_correct_notebook_gets_partial_spec_points(tmp_path):
    """A bug that fails one hidden test costs exactly that test's points."""
    nb = app_notebook()
    nb.cells[1].source = nb.cells[1].source.replace("return jsonify(notes[note_id]), 201", "return jsonify(notes[note_id]), 200")
    result = grade_file(write(tmp_path / "ada.ipynb", nb), small_options())
    failed = [t["name"] for t in result["tests"] if t["outcome"] != "passed"]
    assert failed == ["test_creating_a_note_answers_201_with_the_note"]
    assert result["score"] == round(70 * (13 - 2) / 13, 2)  # 11 tests, two of them worth 2 points
    assert result["learner_tests"]["message"].startswith("no tests found")


def test_an_ungradable_file_is_an_error_result_not_an_exception(tmp_path):
    """A broken file gives status 'error' with the loader's reason and zero score."""
    path = tmp_path / "bob.ipynb"
    path.write_text("not json")
    result = grade_file(path, small_options())
    assert (result["status"], result["score"], result["learner"]) == ("error", 0.0, "bob")
    assert "not valid JSON" in result["reason"]
    assert set(result) == CONTRACT_KEYS


def test_a_broken_suite_is_reported_as_the_graders_problem(tmp_path):
    """A missing reference notebook is a grader problem, not the learner's."""
    path = write(tmp_path / "ada.ipynb", notebook(("app", "x = 1")))
    result = grade_file(path, small_options(solutions=tmp_path / "nowhere"))
    assert result["status"] == "error"
    assert result["reason"].startswith("grader problem, not yours")


@pytest.mark.parametrize(
    ("path", "learner"),
    [
        ("submissions/alice.ipynb", "alice"),
        ("submissions/alice/notes.ipynb", "alice"),
        ("inbox/2024/bob/submission.ipynb", "bob"),
        ("bob-notes-final.ipynb", "bob-notes-final"),
    ],
)
def test_the_learner_id_comes_from_the_file_or_its_folder(path, learner):
    """The learner is the file name, or the folder when the file is named after the exercise."""
    assert learner_id(Path(path), {"notes"}) == learner


def test_folders_are_searched_at_any_depth_without_checkpoints(tmp_path):
    """Notebooks are found in nested folders; Jupyter's checkpoints are skipped; files are kept once."""
    for name in ("a/x.ipynb", "a/b/c/y.ipynb", "a/.ipynb_checkpoints/x-checkpoint.ipynb", "a/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = find_submissions([tmp_path / "a", tmp_path / "a" / "x.ipynb"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/b/c/y.ipynb", "a/x.ipynb"]


def test_json_is_written_atomically(tmp_path, monkeypatch):
    """A failed write leaves the previous file intact and no temporary file behind."""
    target = tmp_path / "results.json"
    write_json_atomic(target, [{"score": 1}])

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(grade_module.json, "dump", explode)
    with pytest.raises(OSError):
        write_json_atomic(target, [{"score": 2}])
    assert json.loads(target.read_text()) == [{"score": 1}]
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_the_cache_skips_regrading_unless_forced_or_changed(tmp_path, monkeypatch):
    """A cached result is reused for the same bytes; --force or a changed file regrades."""
    graded: list[str] = []

    def fake_grade(path, options, learner):
        graded.append(Path(path).name)
        return {**grade_module._base_result(Path(path), learner, "notes"), "status": "graded", "score": 1.0}

    monkeypatch.setattr(grade_module, "grade_file", fake_grade)
    path = write(tmp_path / "subs" / "ada.ipynb", notebook(("app", "x = 1")))
    cache = tmp_path / "cache"
    options = small_options()
    assert grade_batch([path], options, cache_dir=cache)[0]["score"] == 1.0
    assert grade_batch([path], options, cache_dir=cache)[0]["score"] == 1.0
    assert graded == ["ada.ipynb"]
    grade_batch([path], options, cache_dir=cache, force=True)
    write(path, notebook(("app", "x = 2")))
    grade_batch([path], options, cache_dir=cache)
    assert graded == ["ada.ipynb"] * 3


def test_grader_problems_are_not_cached(tmp_path, monkeypatch):
    """A result that failed because of the grader is regraded next time."""
    calls: list[str] = []

    def failing_grade(path, options, learner):
        calls.append(learner)
        return {**grade_module._base_result(Path(path), learner, "notes"), "reason": "internal grader error: boom"}

    monkeypatch.setattr(grade_module, "grade_file", failing_grade)
    path = write(tmp_path / "ada.ipynb", notebook(("app", "x = 1")))
    grade_batch([path], small_options(), cache_dir=tmp_path / "cache")
    grade_batch([path], small_options(), cache_dir=tmp_path / "cache")
    assert calls == ["ada", "ada"]


@pytest.mark.slow
def test_without_bubblewrap_grading_still_works_and_says_so(monkeypatch, capsys):
    """With no bwrap the grade is the same, the result says sandbox 'none' and a warning is shown."""
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(sandbox_module, "_warned", False)
    monkeypatch.delenv("CI", raising=False)
    result = grade_file(NOTES_SOLUTION, small_options())
    assert (result["status"], result["score"], result["sandbox"]) == ("graded", 100.0, "none")
    assert "WITHOUT a sandbox" in capsys.readouterr().err
