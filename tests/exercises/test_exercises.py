"""Each exercise's reference app, suites, mutants and notebooks fit together.

One module for all the exercises: the checks are the same contract, so each test runs once
per exercise (or once per exercise and mutant). What differs between the exercises is data,
in ``EXPECTED`` below; checks that only one exercise needs live in ``test_<id>.py`` beside it.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from autograder.bundles.lesson_links import lesson_links
from autograder.material.mutants import apply_all
from autograder.material.suite import load_suite
from autograder.runtime.session import FIXTURE_NAMES
from tests.exercises import harness
from tests.exercises.harness import defined_tests, fixtures_used, imported_modules, tagged_source

CONTRACT_FIXTURES = set(FIXTURE_NAMES)
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")
# The solution's story cell ends with a note for instructors that the starter does not have.
SOLUTION_NOTE = re.compile(r"\n\n> \*\*Reference solution, for instructors\.\*\*.*\Z", re.DOTALL)


@dataclass(frozen=True)
class Expected:
    """What one exercise's suite declares, and what its suite modules may import."""

    title: str
    fixtures: tuple[str, ...]
    suite_imports: frozenset[str]
    solution_imports: frozenset[str] = field(default=frozenset({"io", "json", "pytest"}))


EXPECTED = {
    "shopping_cart": Expected("Shopping cart API", (), frozenset({"autograder", "json", "pytest"})),
    "registration": Expected(
        "Registration with email confirmation",
        ("make_client", "outbox"),
        frozenset({"autograder", "base64", "json", "re", "pytest"}),
    ),
    "file_upload": Expected(
        "File upload API", ("make_client",), frozenset({"autograder", "hashlib", "pytest", "re", "struct", "zlib"})
    ),
    # The hidden tests sign payloads of their own (another salt, no `sub`) with itsdangerous.
    "auth_middleware": Expected(
        "Authentication middleware", ("make_client",), frozenset({"autograder", "itsdangerous", "pytest"})
    ),
    "crud_api": Expected("Products CRUD API", ("make_client",), frozenset({"autograder", "json", "pytest"})),
}
EXERCISES = list(EXPECTED)
MUTANTS = {exercise: harness.load_mutants(exercise) for exercise in EXERCISES}
EACH_MUTANT = [
    pytest.param(exercise, mutant, id=f"{exercise}-{mutant.id}")
    for exercise in EXERCISES
    for mutant in MUTANTS[exercise]
]


def suite_file(exercise: str, name: str) -> Path:
    return harness.SUITES_DIR / exercise / name


def exercise_notebook(exercise: str) -> Path:
    return harness.EXERCISES_DIR / f"{exercise}.ipynb"


def solution_notebook(exercise: str) -> Path:
    return harness.SOLUTIONS_DIR / f"{exercise}.ipynb"


def markdown_of(path: Path) -> str:
    return "\n".join(
        cell.source for cell in nbformat.read(str(path), as_version=4).cells if cell.cell_type == "markdown"
    )


def assert_contract_tests(source: str, allowed_imports: frozenset[str]) -> None:
    for test in defined_tests(source):
        docstring = ast.get_docstring(test)
        assert docstring and "\n" not in docstring, f"{test.name} needs a one-line docstring"
        assert fixtures_used(test) <= CONTRACT_FIXTURES, f"{test.name} asks for fixtures outside the contract"
    assert imported_modules(source) <= allowed_imports, f"imports {sorted(imported_modules(source))}"


# --- the suites ------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES)
def test_grader_loads_the_suite(exercise):
    """The grader's own loader accepts the suite: title, points split, fixtures and every mutant."""
    suite = load_suite(exercise)
    expected = EXPECTED[exercise]
    assert suite.title == expected.title
    assert (suite.spec_points, suite.quality_points) == (70, 30)
    assert suite.fixtures == expected.fixtures
    assert len(suite.mutated_sources()) == len(MUTANTS[exercise])


@pytest.mark.parametrize("exercise", EXERCISES)
def test_points_table_names_hidden_tests(exercise):
    """Every entry of the suite's points table is the name of a hidden test."""
    hidden = {test.name for test in defined_tests(suite_file(exercise, "hidden_tests.py").read_text("utf-8"))}
    points = harness.load_suite(exercise)["points"]
    assert set(points) <= hidden, f"points for unknown tests: {set(points) - hidden}"


@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize(
    ("name", "fewest", "most"), [("hidden_tests.py", 25, None), ("public_tests.py", 3, 6)], ids=["hidden", "public"]
)
def test_suite_tests_are_documented_and_keep_to_the_contract(exercise, name, fewest, most):
    """Suite modules have a docstring, enough documented tests, contract fixtures only and no Flask."""
    source = suite_file(exercise, name).read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(source)), f"{name} needs a module docstring"
    count = len(defined_tests(source))
    assert count >= fewest and (most is None or count <= most), f"{name} has {count} tests"
    # Hidden tests share the grader's envelope checks; public tests go to learners, who have no grader.
    allowed = EXPECTED[exercise].suite_imports - ({"autograder"} if name == "public_tests.py" else set())
    assert_contract_tests(source, allowed)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_reference_app_passes_every_hidden_test(exercise):
    """The solution's app passes the whole hidden suite."""
    outcomes = harness.run_test_module(
        suite_file(exercise, "hidden_tests.py"), harness.reference_source(exercise), exercise_id=exercise
    )
    assert not outcomes.not_passed(), outcomes.report()


@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize("runner", [harness.run_learner_tests, harness.run_test_module], ids=["self-check", "pytest"])
def test_reference_app_passes_every_public_test(exercise, runner):
    """The solution's app passes the public tests, under the self-check's runner and under pytest."""
    public = suite_file(exercise, "public_tests.py").read_text(encoding="utf-8")
    outcomes = runner(public, harness.reference_source(exercise), exercise_id=exercise)
    assert not outcomes.not_passed(), outcomes.report()


# --- mutants ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES)
def test_mutants_are_many_distinct_and_apply_cleanly(exercise):
    """At least 8 mutants with one-line descriptions, each changing the reference into valid Python."""
    mutants = MUTANTS[exercise]
    assert len(mutants) >= 8
    descriptions = [mutant.description for mutant in mutants]
    assert len(set(descriptions)) == len(descriptions), "two mutants share a description"
    assert all(description and "\n" not in description for description in descriptions)
    for mutant_id, source in apply_all(mutants, harness.reference_source(exercise)).items():
        compile(source, f"<mutant {mutant_id}>", "exec")


# A second or more each: every mutant runs a whole suite.
@pytest.mark.slow
@pytest.mark.parametrize(("exercise", "mutant"), EACH_MUTANT)
def test_hidden_tests_catch_the_mutant(exercise, mutant):
    """Each planted bug fails at least one hidden test."""
    outcomes = harness.run_test_module(
        suite_file(exercise, "hidden_tests.py"), mutant.apply(harness.reference_source(exercise)), exercise_id=exercise
    )
    assert outcomes.not_passed(), f"no hidden test notices {mutant.id}: {mutant.description}"


@pytest.mark.parametrize(("exercise", "mutant"), EACH_MUTANT)
def test_solution_tests_catch_the_mutant(exercise, mutant):
    """Each planted bug fails at least one of the solution's tests, run as the grader runs them."""
    outcomes = harness.run_learner_tests(
        tagged_source(solution_notebook(exercise), "tests"),
        mutant.apply(harness.reference_source(exercise)),
        exercise_id=exercise,
    )
    assert outcomes.not_passed(), f"the solution's tests miss {mutant.id}: {mutant.description}"


# --- the solution's own tests ----------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES)
def test_solution_has_at_least_twelve_documented_contract_tests(exercise):
    """The exemplary test set has 12 or more tests, each documented, using only the contract."""
    source = tagged_source(solution_notebook(exercise), "tests")
    assert len(defined_tests(source)) >= 12
    assert_contract_tests(source, EXPECTED[exercise].solution_imports)


@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize("runner", [harness.run_learner_tests, harness.run_test_module], ids=["grader", "pytest"])
def test_solution_tests_pass_on_the_reference_app(exercise, runner):
    """The solution's tests pass on the reference app, both under the grader's runner and under pytest."""
    outcomes = runner(
        tagged_source(solution_notebook(exercise), "tests"), harness.reference_source(exercise), exercise_id=exercise
    )
    assert not outcomes.not_passed(), outcomes.report()


# --- the starter -----------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize("name", ["hidden_tests.py", "public_tests.py"], ids=["hidden", "public"])
def test_starter_fails_every_spec_test_without_crashing(exercise, name):
    """The starter builds an app but scores nothing: every spec test fails, none errors."""
    starter = tagged_source(exercise_notebook(exercise), "app")
    outcomes = harness.run_test_module(suite_file(exercise, name), starter, exercise_id=exercise)
    # "failed", not "error": the fixtures (create_app) work, only the missing behaviour fails.
    assert set(outcomes.values()) == {"failed"}, {test: o for test, o in outcomes.items() if o != "failed"}


@pytest.mark.parametrize("exercise", EXERCISES)
def test_starter_worked_example_passes_on_the_reference_app(exercise):
    """The starter's one example test is a real test that the reference app passes."""
    source = tagged_source(exercise_notebook(exercise), "tests")
    outcomes = harness.run_learner_tests(source, harness.reference_source(exercise), exercise_id=exercise)
    assert list(outcomes.values()) == ["passed"], outcomes.report()


# --- the notebooks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize("kind", ["exercise", "solution"])
def test_notebook_is_valid_cleared_and_tagged(exercise, kind):
    """nbformat 4.5 with cell ids, no outputs, the exercise id, python3 and the contract's tags."""
    path = exercise_notebook(exercise) if kind == "exercise" else solution_notebook(exercise)
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert notebook.metadata["course"] == {"exercise": exercise}
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert all(cell.get("id") for cell in notebook.cells)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.id} is not cleared"
    tags = [tag for cell in notebook.cells for tag in cell.metadata.get("tags", [])]
    assert tags.count("app") >= 1 and tags.count("tests") == 1 and tags.count("self-check") == 1
    self_check = tagged_source(path, "self-check")
    assert "from course_check import check" in self_check and "check()" in self_check


@pytest.mark.parametrize("exercise", EXERCISES)
def test_exercise_and_solution_have_the_same_cells(exercise):
    """Both notebooks have the same cells in the same order; only code and the solution's note differ."""

    def shape(path):
        notebook = nbformat.read(str(path), as_version=4)
        return [
            (
                cell.id,
                cell.cell_type,
                cell.metadata.get("tags", []),
                SOLUTION_NOTE.sub("", cell.source).rstrip("\n") if cell.cell_type == "markdown" else None,
            )
            for cell in notebook.cells
        ]

    solution = solution_notebook(exercise)
    assert SOLUTION_NOTE.search(nbformat.read(str(solution), as_version=4).cells[0].source)
    assert shape(exercise_notebook(exercise)) == shape(solution)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_hints_open_one_at_a_time(exercise):
    """Hints are numbered <details> blocks, one per hint."""
    markdown = markdown_of(exercise_notebook(exercise))
    summaries = re.findall(r"<details><summary>(.*?)</summary>", markdown)
    assert summaries and summaries == [f"Hint {number}" for number in range(1, len(summaries) + 1)]
    assert markdown.count("<details>") == markdown.count("</details>") == len(summaries)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_lesson_links_lead_to_existing_pages(exercise):
    """The notebook links to lessons of the published site that exist, never into the repository.

    tests/site/test_notebook_links.py follows the links on a built site.
    """
    notebook = exercise_notebook(exercise)
    links = list(lesson_links(nbformat.read(str(notebook), as_version=4)))
    assert links
    assert "](../" not in markdown_of(notebook)
    lessons = notebook.parent.parent / "docs" / "lessons"
    assert [link.url for link in links if not (lessons / f"{link.lesson}.md").is_file()] == []


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES)
def test_solution_notebook_runs_top_to_bottom_in_a_fresh_kernel(exercise, tmp_path, monkeypatch):
    """The solution runs cell by cell in a new kernel without an error, and its self-check passes every test."""
    from nbclient import NotebookClient

    from autograder.bundles.learner import build_release

    # The learner bundle puts course_check next to the notebooks; run the solution from there.
    exercises = build_release(tmp_path / "bundle", exercises=[exercise]) / "exercises"
    solution = solution_notebook(exercise)
    # ipykernel exposes this as __session__, which the self-check reads the exercise id from.
    monkeypatch.setenv("JPY_SESSION_NAME", str(solution))
    notebook = nbformat.read(str(solution), as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(exercises)}}
    ).execute()

    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    text = "".join(output.get("text", "") or output.get("data", {}).get("text/plain", "") for output in outputs)
    printed = " ".join(ANSI_STYLE.sub("", text).split())
    public = len(defined_tests(suite_file(exercise, "public_tests.py").read_text(encoding="utf-8")))
    assert f"Course tests: {public} of {public} passed." in printed, printed
    assert re.search(r"Your tests: (\d+) of \1 passed\.", printed), printed
