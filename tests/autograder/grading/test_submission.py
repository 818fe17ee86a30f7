"""Grading end to end: the result JSON of the contract, learner ids, batches and the resumable cache."""

import json
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

import autograder.sandbox.mode as sandbox_module
from autograder.grading.batch import grade_batch
from autograder.grading.submission import grade_file, learner_id
from autograder.material.notebook import read_notebook, tagged_cells, tagged_source
from autograder.material.suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES, load_suite
from autograder.runtime.cells import defined_tests
from tests.autograder.builders import (
    NOTES_SOLUTION,
    NOTES_SUITE,
    SUITES,
    app_notebook,
    needs_bwrap,
    notebook,
    notes_spec_score,
    small_options,
    write,
)

CONTRACT_KEYS = {
    "path", "learner", "exercise", "title", "status", "reason", "grader_fault", "score", "max_score", "parts",
    "tests", "mutants",
    "learner_tests", "cells", "output_cut", "duration_s", "sandbox",
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
    assert solution_result["score"] == solution_result["max_score"] == NOTES_SUITE.max_score
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
    nb.cells[1].source = nb.cells[1].source.replace(
        "return jsonify(notes[note_id]), 201", "return jsonify(notes[note_id]), 200"
    )
    result = grade_file(write(tmp_path / "ada.ipynb", nb), small_options())
    failed = [t["name"] for t in result["tests"] if t["outcome"] != "passed"]
    assert failed == ["test_creating_a_note_answers_201_with_the_note"]
    assert result["score"] == notes_spec_score(*failed)
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


@pytest.mark.slow
def test_without_bubblewrap_grading_still_works_and_says_so(monkeypatch, capsys):
    """With no bwrap the grade is the same, the result says sandbox 'none' and a warning is shown."""
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(sandbox_module, "_warned", False)
    monkeypatch.delenv("CI", raising=False)
    result = grade_file(NOTES_SOLUTION, small_options())
    assert (result["status"], result["score"], result["sandbox"]) == ("graded", NOTES_SUITE.max_score, "none")
    assert "WITHOUT a sandbox" in capsys.readouterr().err


# --- the learner's tests, as the lessons teach them ---------------------------------------------

LESSON_STYLE_TESTS = '''
import pytest


@pytest.fixture
def cart_with_mugs(client):
    """A client whose cart holds two mugs."""
    client.post("/cart/items", json={"product_id": 2, "quantity": 2})
    return client


class TestACartWithMugs:
    def test_the_line_is_priced_per_mug(self, cart_with_mugs):
        """Two mugs cost twice the unit price."""
        assert cart_with_mugs.get("/cart").get_json()["total_cents"] == 2 * 1299

    def test_removing_the_line_empties_the_cart(self, cart_with_mugs):
        """Deleting the only line leaves an empty cart."""
        assert cart_with_mugs.delete("/cart/items/2").status_code == 204
        assert cart_with_mugs.get("/cart").get_json() == {"items": [], "total_cents": 0}


def test_pytests_own_fixtures_work_here(client, monkeypatch, tmp_path):
    """monkeypatch and tmp_path are pytest's, as in lesson 5."""
    monkeypatch.setenv("SHOP_MODE", "test")
    receipt = tmp_path / "cart.json"
    receipt.write_text(client.get("/cart").text)
    assert receipt.read_text().strip().startswith("{")


@pytest.mark.parametrize("quantity", [0, 100, True, 2.5], ids=["zero", "too-many", "true", "fraction"])
def test_quantities_outside_the_rule_are_refused(client, quantity):
    """Quantities outside 1..99, booleans and fractions answer 400."""
    assert client.post("/cart/items", json={"product_id": 1, "quantity": quantity}).status_code == 400
'''
WRONG_EXPECTATION = '''
def test_a_wrong_expectation(client):
    """Expects the wrong price: fails on a correct app."""
    client.post("/cart/items", json={"product_id": 2, "quantity": 2})
    assert client.get("/cart").get_json()["total_cents"] == 9999
'''
UNTAGGED = '''
def test_in_a_cell_without_the_tag(client):
    """Written in a new cell that was never tagged."""
    assert client.get("/products").status_code == 200
'''


SHOPPING_CART = load_suite("shopping_cart", DEFAULT_SUITES, DEFAULT_SOLUTIONS)


def shopping_cart_with(*cells):
    """The shopping cart solution with extra code cells ((tag, source) pairs) after its tests cell."""
    nb = read_notebook(DEFAULT_SOLUTIONS / "shopping_cart.ipynb").notebook
    at = max(index for index, _ in tagged_cells(nb, "tests")) + 1
    nb.cells[at:at] = [new_code_cell(source, metadata={"tags": [tag]} if tag else {}) for tag, source in cells]
    return nb


@pytest.fixture(scope="module")
def lesson_style_results(tmp_path_factory):
    """Two shopping cart notebooks graded in one batch: lesson-style tests, then the same plus mistakes."""
    folder = tmp_path_factory.mktemp("lesson_style")
    write(folder / "lessons.ipynb", shopping_cart_with(("tests", LESSON_STYLE_TESTS)))
    write(
        folder / "mistakes.ipynb", shopping_cart_with(("tests", LESSON_STYLE_TESTS + WRONG_EXPECTATION), ("", UNTAGGED))
    )
    options = small_options(suites=DEFAULT_SUITES, solutions=DEFAULT_SOLUTIONS)
    return {Path(r["path"]).stem: r for r in grade_batch([folder], options, jobs=2)}


@pytest.mark.slow
@needs_bwrap
def test_tests_written_as_the_lessons_teach_all_count_and_earn_their_bugs(lesson_style_results):
    """A learner fixture, a test class, monkeypatch, tmp_path and parametrize ids: every test counted and kept."""
    result = lesson_style_results["lessons"]
    solution_tests = len(
        defined_tests(tagged_source(read_notebook(DEFAULT_SOLUTIONS / "shopping_cart.ipynb").notebook, "tests"))
    )
    learner_tests = result["learner_tests"]
    assert learner_tests["count"] == learner_tests["kept"] >= solution_tests + 7  # 2 methods, 1 function, 4 cases
    assert learner_tests["left_out"] == [] and learner_tests["not_counted"] == []
    assert all(m["caught"] for m in result["mutants"])
    assert result["score"] == SHOPPING_CART.max_score


@pytest.mark.slow
@needs_bwrap
def test_one_wrong_test_costs_its_share_and_says_why_with_pytests_values(lesson_style_results):
    """The failing test is left out and named with 'assert 2598 == 9999'; the others keep their credit."""
    result = lesson_style_results["mistakes"]
    learner_tests = result["learner_tests"]
    count, kept = learner_tests["count"], learner_tests["kept"]
    assert kept == count - 1 == lesson_style_results["lessons"]["learner_tests"]["count"]
    assert [t["name"] for t in learner_tests["left_out"]] == ["test_a_wrong_expectation"]
    assert learner_tests["left_out"][0]["message"].startswith("failed on the correct app: assert 2598 == 9999")
    assert learner_tests["not_counted"] == [{"name": "test_in_a_cell_without_the_tag", "cell": 15}]
    assert all(m["caught"] for m in result["mutants"])
    assert result["score"] == round(SHOPPING_CART.spec_points + SHOPPING_CART.quality_points * kept / count, 2)


@pytest.mark.slow
@needs_bwrap
def test_the_self_check_counts_the_tests_the_grader_counts(lesson_style_results, solution_result, monkeypatch):
    """check() on the same saved notebook runs the same tests and names the same untagged one (and for notes.ipynb)."""
    from autograder.selfcheck import exercises, self_check

    graded = [(name, result, DEFAULT_SUITES) for name, result in lesson_style_results.items()]
    graded.append(("notes", solution_result, SUITES))
    for name, result, suites in graded:
        monkeypatch.setattr(exercises, "SUITES_DIR", suites)
        nb = read_notebook(Path(result["path"])).notebook
        namespace = {"__name__": "__main__"}
        exec(compile(tagged_source(nb, "app"), f"<{name} app>", "exec"), namespace)
        report = self_check(namespace, result["exercise"], cells=nb.cells)
        ran = [r for r in report.yours if r.outcome not in ("skipped", "xfailed")]
        assert len(ran) == result["learner_tests"]["count"], name
        assert [n for n, _ in report.not_counted] == [t["name"] for t in result["learner_tests"]["not_counted"]]
