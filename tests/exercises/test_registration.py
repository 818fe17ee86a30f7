"""The `registration` exercise: reference app, hidden and public suites, mutants and notebooks fit together."""

import ast
import re
from pathlib import Path

import nbformat
import pytest

from autograder.mutants import apply_all
from autograder.suite import load_suite
from tests.exercises import harness

EXERCISE = "registration"
SUITE_DIR = harness.SUITES_DIR / EXERCISE
HIDDEN_TESTS = SUITE_DIR / "hidden_tests.py"
PUBLIC_TESTS = SUITE_DIR / "public_tests.py"
EXERCISE_NOTEBOOK = harness.EXERCISES_DIR / f"{EXERCISE}.ipynb"
SOLUTION_NOTEBOOK = harness.SOLUTIONS_DIR / f"{EXERCISE}.ipynb"
MUTANTS = harness.load_mutants(EXERCISE)
FIXTURE_VOCABULARY = {"client", "make_client", "outbox"}
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def defined_tests(path_or_source: Path | str) -> list[ast.FunctionDef]:
    source = path_or_source.read_text(encoding="utf-8") if isinstance(path_or_source, Path) else path_or_source
    return [node for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]


def parametrized_names(test: ast.FunctionDef) -> set[str]:
    """The argument names a test gets from ``@pytest.mark.parametrize`` rather than from fixtures."""
    names: set[str] = set()
    for decorator in test.decorator_list:
        if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "pytest.mark.parametrize":
            argnames = ast.literal_eval(decorator.args[0])
            names |= {name.strip() for name in (argnames.split(",") if isinstance(argnames, str) else argnames)}
    return names


def learner_tests_source(notebook: Path) -> str:
    return "\n\n".join(harness.notebook_cells(notebook, "tests")) + "\n"


def starter_source() -> str:
    return "\n\n".join(harness.notebook_cells(EXERCISE_NOTEBOOK, "app")) + "\n"


# --- the suites ----------------------------------------------------------------------------------


def test_reference_app_passes_every_hidden_test(reference_source, run_test_module):
    """The solution's app passes the whole hidden suite."""
    outcomes = run_test_module(HIDDEN_TESTS, reference_source(EXERCISE), exercise_id=EXERCISE)
    assert not outcomes.not_passed(), outcomes.report()


def test_reference_app_passes_every_public_test(reference_source, run_learner_tests):
    """The solution's app passes the public tests, run by the self-check's runner."""
    outcomes = run_learner_tests(PUBLIC_TESTS.read_text(encoding="utf-8"), reference_source(EXERCISE),
                                 exercise_id=EXERCISE)
    assert not outcomes.not_passed(), outcomes.report()


@pytest.mark.parametrize(("path", "minimum", "maximum"), [(HIDDEN_TESTS, 25, None), (PUBLIC_TESTS, 3, 6)],
                         ids=["hidden", "public"])
def test_suite_tests_are_documented_and_use_only_the_contract(path, minimum, maximum):
    """Suites have a docstring, enough one-line-documented tests, contract fixtures only and no Flask imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} needs a module docstring"
    tests = defined_tests(path)
    assert len(tests) >= minimum and (maximum is None or len(tests) <= maximum), f"{path.name} has {len(tests)} tests"
    for test in tests:
        docstring = ast.get_docstring(test)
        assert docstring and "\n" not in docstring, f"{test.name} needs a one-line docstring"
        fixtures = {arg.arg for arg in test.args.args} - parametrized_names(test)
        assert fixtures <= FIXTURE_VOCABULARY, f"{test.name} uses fixtures outside the contract: {fixtures}"
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"base64", "json", "re", "pytest"}, f"{path.name} imports {sorted(imported)}"


def test_grader_loads_the_suite():
    """The grader's own loader accepts the suite: settings, outbox fixture, reference source and mutants."""
    suite = load_suite(EXERCISE)
    assert suite.title == "Registration with email confirmation"
    assert (suite.spec_points, suite.quality_points) == (70, 30)
    assert suite.fixtures == ("outbox",)
    assert len(suite.mutated_sources()) == len(MUTANTS)


def test_points_table_names_hidden_tests():
    """Every entry of the suite's points table is the name of a hidden test."""
    hidden_names = {test.name for test in defined_tests(HIDDEN_TESTS)}
    points = harness.load_suite(EXERCISE)["points"]
    assert set(points) <= hidden_names, f"points for unknown tests: {set(points) - hidden_names}"


# --- mutants -------------------------------------------------------------------------------------


def test_every_mutant_applies_cleanly_to_the_reference(reference_source):
    """At least 8 mutants, each with unique old texts that change the reference source."""
    assert len(MUTANTS) >= 8
    mutated = apply_all(MUTANTS, reference_source(EXERCISE))
    for mutant_id, source in mutated.items():
        compile(source, f"<mutant {mutant_id}>", "exec")


# A few seconds each: every mutant runs a whole suite.
@pytest.mark.slow
@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda mutant: mutant.id)
def test_hidden_tests_catch_the_mutant(mutant, reference_source, run_test_module):
    """Each planted bug fails at least one hidden test."""
    outcomes = run_test_module(HIDDEN_TESTS, mutant.apply(reference_source(EXERCISE)), exercise_id=EXERCISE)
    assert outcomes.not_passed(), f"no hidden test notices {mutant.id}: {mutant.description}"


# A few seconds each: every mutant runs a whole suite.
@pytest.mark.slow
@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda mutant: mutant.id)
def test_solution_tests_catch_the_mutant(mutant, reference_source, run_learner_tests):
    """Each planted bug fails at least one of the solution notebook's own tests."""
    mutated = mutant.apply(reference_source(EXERCISE))
    outcomes = run_learner_tests(learner_tests_source(SOLUTION_NOTEBOOK), mutated, exercise_id=EXERCISE)
    assert outcomes.not_passed(), f"the solution's tests do not notice {mutant.id}: {mutant.description}"


# --- the notebooks' tests ------------------------------------------------------------------------


@pytest.mark.parametrize("runner", [harness.run_learner_tests, harness.run_test_module], ids=["grader", "pytest"])
def test_solution_tests_pass_on_the_reference_app(runner, reference_source):
    """The solution's tests pass against the reference app, with the grader's runner and with pytest."""
    outcomes = runner(learner_tests_source(SOLUTION_NOTEBOOK), reference_source(EXERCISE), exercise_id=EXERCISE)
    assert not outcomes.not_passed(), outcomes.report()


def test_solution_has_at_least_twelve_documented_tests():
    """The exemplary test set has 12 or more tests, each with a one-line docstring."""
    tests = defined_tests(learner_tests_source(SOLUTION_NOTEBOOK))
    assert len(tests) >= 12
    undocumented = [test.name for test in tests if not ast.get_docstring(test)]
    assert not undocumented


def test_starter_example_test_passes_on_the_reference_app(reference_source, run_learner_tests):
    """The starter's worked example is a real test that the reference app passes."""
    outcomes = run_learner_tests(learner_tests_source(EXERCISE_NOTEBOOK), reference_source(EXERCISE),
                                 exercise_id=EXERCISE)
    assert outcomes and not outcomes.not_passed(), outcomes.report()


@pytest.mark.parametrize("tests", [HIDDEN_TESTS, PUBLIC_TESTS], ids=["hidden", "public"])
def test_starter_app_fails_every_spec_test_without_crashing(tests, run_test_module):
    """The starter imports and builds an app, but scores nothing on the specification."""
    outcomes = run_test_module(tests, starter_source(), exercise_id=EXERCISE)
    # "failed", not "error": the fixtures (create_app) work, only the missing behaviour fails.
    assert set(outcomes.values()) == {"failed"}, outcomes


# --- the notebooks themselves --------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXERCISE_NOTEBOOK, SOLUTION_NOTEBOOK], ids=["exercise", "solution"])
def test_notebook_is_valid_cleared_and_tagged(path):
    """The notebook is nbformat 4.5 with cell ids, no outputs, the exercise id and the contract's tags."""
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert notebook.metadata["course"] == {"exercise": EXERCISE}
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert all(cell.get("id") for cell in notebook.cells)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.id} is not cleared"
    tags = [tag for cell in notebook.cells for tag in cell.metadata.get("tags", [])]
    assert tags.count("app") >= 1 and tags.count("tests") == 1 and tags.count("self-check") == 1
    self_check = next(cell for cell in notebook.cells if "self-check" in cell.metadata.get("tags", []))
    assert "from course_check import check" in self_check.source


def test_exercise_and_solution_share_one_structure():
    """Both notebooks have the same cells in the same order, differing only in code."""
    def shape(path):
        notebook = nbformat.read(str(path), as_version=4)
        return [(cell.id, cell.cell_type, cell.metadata.get("tags", [])) for cell in notebook.cells]

    assert shape(EXERCISE_NOTEBOOK) == shape(SOLUTION_NOTEBOOK)


def test_hints_open_one_at_a_time():
    """Each hint is its own <details> block with a numbered summary."""
    markdown = "\n".join(cell.source for cell in nbformat.read(str(EXERCISE_NOTEBOOK), as_version=4).cells
                         if cell.cell_type == "markdown")
    summaries = re.findall(r"<details><summary>(.*?)</summary>", markdown)
    assert summaries == [f"Hint {number}" for number in range(1, len(summaries) + 1)] and summaries
    assert markdown.count("<details>") == markdown.count("</details>")


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
    """Every cell of the solution runs in a new kernel, and its self-check passes the public and own tests."""
    from nbclient import NotebookClient

    from autograder.release import build_release

    # The learner bundle puts course_check next to the notebooks; run the solution from there.
    exercises = build_release(tmp_path / "bundle", exercises=[EXERCISE]) / "exercises"
    # ipykernel exposes this as __session__, which the self-check reads to find the exercise id.
    monkeypatch.setenv("JPY_SESSION_NAME", str(SOLUTION_NOTEBOOK))
    notebook = nbformat.read(str(SOLUTION_NOTEBOOK), as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(exercises)}}).execute()

    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    self_check = next(cell for cell in notebook.cells if "self-check" in cell.metadata.get("tags", []))
    text = "".join(output.get("data", {}).get("text/plain", output.get("text", "")) for output in self_check.outputs)
    printed = " ".join(ANSI_STYLE.sub("", text).split())
    assert "Course tests: 5 of 5 passed." in printed, printed
    assert re.search(r"Your tests: (\d+) of \1 passed\.", printed), printed
