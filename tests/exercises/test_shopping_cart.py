"""The `shopping_cart` exercise: reference app, suites, mutants and notebooks fit together."""

import ast
import re

import nbformat
import pytest

from autograder.mutants import apply_all
from autograder.suite import load_suite
from tests.exercises import harness
from tests.exercises.harness import defined_tests, fixtures_used, imported_modules, tagged_source

EXERCISE = "shopping_cart"
SUITE_DIR = harness.SUITES_DIR / EXERCISE
HIDDEN_TESTS = SUITE_DIR / "hidden_tests.py"
PUBLIC_TESTS = SUITE_DIR / "public_tests.py"
EXERCISE_NOTEBOOK = harness.EXERCISES_DIR / f"{EXERCISE}.ipynb"
SOLUTION_NOTEBOOK = harness.SOLUTIONS_DIR / f"{EXERCISE}.ipynb"
MUTANTS = harness.load_mutants(EXERCISE)
FIXTURES = {"client", "make_client"}


def assert_contract_tests(source: str, allowed_imports: set[str]) -> None:
    for test in defined_tests(source):
        docstring = ast.get_docstring(test)
        assert docstring and "\n" not in docstring, f"{test.name} needs a one-line docstring"
        assert fixtures_used(test) <= FIXTURES, f"{test.name} asks for fixtures outside the contract"
    assert imported_modules(source) <= allowed_imports, f"imports {sorted(imported_modules(source))}"


# --- the suite -------------------------------------------------------------------------------------


def test_grader_loads_the_suite():
    """The grader's own loader accepts the suite: settings, reference source and mutants."""
    suite = load_suite(EXERCISE)
    assert suite.title == "Shopping cart API"
    assert (suite.spec_points, suite.quality_points) == (70, 30)
    assert suite.fixtures == ()
    assert len(suite.mutated_sources()) == len(MUTANTS)


def test_points_table_names_hidden_tests():
    """Every entry of the suite's points table is the name of a hidden test."""
    hidden = {test.name for test in defined_tests(HIDDEN_TESTS.read_text(encoding="utf-8"))}
    points = harness.load_suite(EXERCISE)["points"]
    assert set(points) <= hidden, f"points for unknown tests: {set(points) - hidden}"


@pytest.mark.parametrize(("path", "fewest", "most"), [(HIDDEN_TESTS, 25, None), (PUBLIC_TESTS, 3, 6)],
                         ids=["hidden", "public"])
def test_suite_tests_are_documented_and_keep_to_the_contract(path, fewest, most):
    """Suite modules have a docstring, enough documented tests, contract fixtures only and no Flask."""
    source = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(source)), f"{path.name} needs a module docstring"
    count = len(defined_tests(source))
    assert count >= fewest and (most is None or count <= most), f"{path.name} has {count} tests"
    assert_contract_tests(source, allowed_imports={"json", "pytest"})


def test_reference_app_passes_every_hidden_test():
    """The solution's app passes the whole hidden suite."""
    outcomes = harness.run_test_module(HIDDEN_TESTS, harness.reference_source(EXERCISE), exercise_id=EXERCISE)
    assert not outcomes.not_passed(), outcomes.report()


def test_reference_app_passes_every_public_test():
    """The solution's app passes the public self-check tests."""
    outcomes = harness.run_test_module(PUBLIC_TESTS, harness.reference_source(EXERCISE), exercise_id=EXERCISE)
    assert not outcomes.not_passed(), outcomes.report()


# --- mutants ---------------------------------------------------------------------------------------


def test_mutants_are_many_distinct_and_apply_cleanly():
    """At least 8 mutants with one-line descriptions, each changing the reference into valid Python."""
    assert len(MUTANTS) >= 8
    descriptions = [mutant.description for mutant in MUTANTS]
    assert len(set(descriptions)) == len(descriptions), "two mutants share a description"
    assert all(description and "\n" not in description for description in descriptions)
    for mutant_id, source in apply_all(MUTANTS, harness.reference_source(EXERCISE)).items():
        compile(source, f"<mutant {mutant_id}>", "exec")


@pytest.mark.slow
@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda mutant: mutant.id)
def test_hidden_tests_catch_the_mutant(mutant):
    """Each planted bug fails at least one hidden test."""
    outcomes = harness.run_test_module(HIDDEN_TESTS, mutant.apply(harness.reference_source(EXERCISE)),
                                       exercise_id=EXERCISE)
    assert outcomes.not_passed(), f"no hidden test notices {mutant.id}: {mutant.description}"


# --- the solution's own tests ----------------------------------------------------------------------


def test_solution_has_at_least_twelve_documented_contract_tests():
    """The exemplary test set has 12 or more tests, each documented, using only the contract."""
    source = tagged_source(SOLUTION_NOTEBOOK, "tests")
    assert len(defined_tests(source)) >= 12
    assert_contract_tests(source, allowed_imports={"io", "json", "pytest"})


@pytest.mark.parametrize("runner", [harness.run_learner_tests, harness.run_test_module], ids=["grader", "pytest"])
def test_solution_tests_pass_on_the_reference_app(runner):
    """The solution's tests pass on the reference app, both under the grader's runner and under pytest."""
    outcomes = runner(tagged_source(SOLUTION_NOTEBOOK, "tests"), harness.reference_source(EXERCISE),
                      exercise_id=EXERCISE)
    assert not outcomes.not_passed(), outcomes.report()


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda mutant: mutant.id)
def test_solution_tests_catch_the_mutant(mutant):
    """Each planted bug fails at least one of the solution's tests, run as the grader runs them."""
    outcomes = harness.run_learner_tests(tagged_source(SOLUTION_NOTEBOOK, "tests"),
                                         mutant.apply(harness.reference_source(EXERCISE)), exercise_id=EXERCISE)
    assert outcomes.not_passed(), f"the solution's tests miss {mutant.id}: {mutant.description}"


# --- the starter -----------------------------------------------------------------------------------


def test_starter_fails_every_hidden_and_public_test_without_crashing():
    """The starter builds an app, but scores nothing: every spec test fails, none errors."""
    starter = tagged_source(EXERCISE_NOTEBOOK, "app")
    for tests in (HIDDEN_TESTS, PUBLIC_TESTS):
        outcomes = harness.run_test_module(tests, starter, exercise_id=EXERCISE)
        assert set(outcomes.values()) == {"failed"}, {name: o for name, o in outcomes.items() if o != "failed"}


def test_starter_worked_example_passes_on_the_reference_app():
    """The starter's one example test is a real test that the reference app passes."""
    source = tagged_source(EXERCISE_NOTEBOOK, "tests")
    outcomes = harness.run_learner_tests(source, harness.reference_source(EXERCISE), exercise_id=EXERCISE)
    assert list(outcomes.values()) == ["passed"], outcomes.report()


# --- the notebooks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXERCISE_NOTEBOOK, SOLUTION_NOTEBOOK], ids=["exercise", "solution"])
def test_notebook_is_valid_cleared_and_tagged(path):
    """nbformat 4.5 with cell ids, no outputs, the exercise id, python3 and the contract's tags."""
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert notebook.metadata["course"] == {"exercise": EXERCISE}
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert all(cell.get("id") for cell in notebook.cells)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code_cells)
    tags = [tag for cell in notebook.cells for tag in cell.metadata.get("tags", [])]
    assert tags.count("app") >= 1 and tags.count("tests") == 1 and tags.count("self-check") == 1
    self_check = tagged_source(path, "self-check")
    assert "from course_check import check" in self_check and "check()" in self_check


def test_exercise_and_solution_have_the_same_cells():
    """Both notebooks have the same cells in the same order; only code differs."""
    def shape(path):
        notebook = nbformat.read(str(path), as_version=4)
        return [(cell.id, cell.cell_type, cell.metadata.get("tags", []), cell.source if cell.cell_type == "markdown"
                 else None) for cell in notebook.cells]

    assert shape(EXERCISE_NOTEBOOK) == shape(SOLUTION_NOTEBOOK)


def test_hints_open_one_at_a_time():
    """Hints are numbered <details> blocks, one per hint."""
    markdown = "\n".join(cell.source for cell in nbformat.read(str(EXERCISE_NOTEBOOK), as_version=4).cells
                         if cell.cell_type == "markdown")
    summaries = re.findall(r"<details><summary>(.*?)</summary>", markdown)
    assert summaries and summaries == [f"Hint {number}" for number in range(1, len(summaries) + 1)]
    assert markdown.count("<details>") == markdown.count("</details>") == len(summaries)


def test_lesson_links_lead_to_existing_pages():
    """Every relative link in the exercise notebook points to a file of the repository."""
    markdown = "\n".join(cell.source for cell in nbformat.read(str(EXERCISE_NOTEBOOK), as_version=4).cells
                         if cell.cell_type == "markdown")
    links = re.findall(r"\]\((\.\./[^)#]+)", markdown)
    assert links
    missing = [link for link in links if not (EXERCISE_NOTEBOOK.parent / link).resolve().is_file()]
    assert not missing


@pytest.mark.slow
def test_solution_notebook_runs_top_to_bottom_in_a_fresh_kernel(tmp_path, monkeypatch):
    """The solution runs cell by cell in a new kernel, and its self-check passes every test."""
    from nbclient import NotebookClient

    from autograder.release import build_release

    # The learner bundle puts course_check next to the notebooks; run the solution from there.
    exercises = build_release(tmp_path / "bundle", exercises=[EXERCISE]) / "exercises"
    # ipykernel exposes this as __session__, which the self-check reads the exercise id from.
    monkeypatch.setenv("JPY_SESSION_NAME", str(SOLUTION_NOTEBOOK))
    notebook = nbformat.read(str(SOLUTION_NOTEBOOK), as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(exercises)}}).execute()

    printed = "\n".join(output.get("text", "") or output.get("data", {}).get("text/plain", "")
                        for cell in notebook.cells for output in cell.get("outputs", []))
    tests = len(defined_tests(tagged_source(SOLUTION_NOTEBOOK, "tests")))
    assert "Course tests: 5 of 5 passed." in printed, printed
    assert re.search(r"Your tests: (\d+) of \1 passed\.", printed) and tests >= 12, printed
