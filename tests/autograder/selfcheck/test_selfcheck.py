"""The learner's self-check: public tests and the saved notebook's tests cells, under pytest, as one table.

Most tests use a tiny "greeting" exercise from ``files/selfcheck_suites/`` so that they check the
self-check itself; the last ones run the real exercises' public tests against their reference apps.
"""

import io
import json
import linecache
import sys
import types
from pathlib import Path

import pytest
from rich.console import Console

from autograder.material.notebook import read_notebook, tagged_source
from autograder.material.suite import DEFAULT_SOLUTIONS
from autograder.selfcheck import check, exercises, render, self_check

FILES = Path(__file__).resolve().parents[1] / "files"
GREETING_APP = (FILES / "greeting_app.py").read_text(encoding="utf-8")


@pytest.fixture
def greeting_suites(monkeypatch):
    """The self-check reads its exercises from files/selfcheck_suites/ (only 'greeting')."""
    monkeypatch.setattr(exercises, "SUITES_DIR", FILES / "selfcheck_suites")


def notebook_namespace(app_source=GREETING_APP, tests_source="", *, ran=None):
    """A namespace like a kernel's after running the app cells, then the tests cells (or ``ran``)."""
    namespace = {"__name__": "__main__"}
    for number, source in enumerate([app_source, tests_source if ran is None else ran]):
        # As IPython does: each cell has a file name, and its source is in linecache.
        filename = f"<cell {number}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
        exec(compile(source, filename, "exec"), namespace)
    namespace.pop("__builtins__", None)
    return namespace


def code_cell(source, *tags):
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": source, "outputs": []}


def saved_cells(app_source=GREETING_APP, tests_source="", *extra):
    """The saved notebook's cells: the app cell, the tests cell, then ``extra`` cells."""
    return [code_cell(app_source, "app"), code_cell(tests_source, "tests"), *extra]


def run_check(tests_source="", app_source=GREETING_APP, *extra_cells, ran=None):
    """self_check of a kernel that ran the cells and a saved notebook that holds them."""
    namespace = notebook_namespace(app_source, tests_source, ran=ran)
    for cell in extra_cells:
        exec(compile(cell["source"], "<extra cell>", "exec"), namespace)
    return self_check(namespace, "greeting", cells=saved_cells(app_source, tests_source, *extra_cells))


def printed(report):
    output = io.StringIO()
    Console(file=output, width=200).print(render(report))
    return output.getvalue()


def test_a_correct_app_passes_the_public_tests_and_the_learners_own(greeting_suites):
    """With the suite's app_config ({tmp} filled in) every test passes and the report says so."""
    report = run_check(
        "def test_greeting_uses_the_name(client):\n"
        "    assert client.get('/hello?name=Bo').get_json() == {'greeting': 'Hello, Bo!'}\n"
    )

    assert [(r.name, r.outcome) for r in report.course] == [
        ("test_greets_by_name", "passed"),
        ("test_missing_name_answers_400", "passed"),
        ("test_each_app_gets_its_own_data_folder", "passed"),
    ]
    assert [(r.name, r.outcome) for r in report.yours] == [("test_greeting_uses_the_name", "passed")]
    assert report.passed and report.not_counted == []
    assert "Course tests: 3 of 3 passed. Your tests: 1 of 1 passed." in printed(report)


def test_tests_written_as_the_lessons_teach_all_count(greeting_suites):
    """A learner fixture, a test class, monkeypatch, tmp_path and parametrize ids all run under pytest."""
    report = run_check(
        "import pytest\n"
        "@pytest.fixture\n"
        "def greeting(client):\n"
        "    return client.get('/hello?name=Bo').get_json()\n"
        "class TestGreeting:\n"
        "    def test_uses_the_name(self, greeting):\n"
        "        assert greeting == {'greeting': 'Hello, Bo!'}\n"
        "    def test_builtins(self, monkeypatch, tmp_path):\n"
        "        monkeypatch.setenv('X', '1')\n"
        "        assert tmp_path.is_dir()\n"
        "@pytest.mark.parametrize('name', ['Ada', 'Bo'], ids=['first', 'second'])\n"
        "def test_any_name(client, name):\n"
        "    assert client.get('/hello', query_string={'name': name}).status_code == 200\n"
    )

    assert [(r.name, r.outcome) for r in report.yours] == [
        ("TestGreeting::test_uses_the_name", "passed"),
        ("TestGreeting::test_builtins", "passed"),
        ("test_any_name[first]", "passed"),
        ("test_any_name[second]", "passed"),
    ]
    assert "Your tests: 4 of 4 passed." in printed(report)


def test_a_failing_public_test_shows_its_learner_facing_message(greeting_suites):
    """A bug in the app is reported with the public test's description and assertion message."""
    buggy = GREETING_APP.replace("            abort(400)\n", "            pass\n")

    report = run_check(app_source=buggy)

    failed = {r.name: r.message for r in report.course if r.outcome == "failed"}
    assert list(failed) == ["test_missing_name_answers_400"]
    assert failed["test_missing_name_answers_400"].startswith(
        "AssertionError: GET /hello without a name should answer 400, got 200\nassert 200 == 400"
    )
    output = printed(report)
    assert "GET /hello without a name answers 400." in output
    assert not report.passed


def test_a_failing_own_test_shows_pytests_values_and_what_it_means(greeting_suites):
    """A bare assert is explained with the values it compared, and the hint says where the grader runs it."""
    report = run_check(
        "def test_wrong_expectation(client):\n"
        "    response = client.get('/hello?name=Bo')\n"
        "    assert response.status_code == 201\n"
    )

    assert report.yours[0].outcome == "failed"
    assert report.yours[0].message.startswith("assert 200 == 201")
    assert "The grader runs your tests on a correct app, where they must pass" in printed(report)


def test_a_notebook_without_tests_is_told_to_write_some(greeting_suites):
    """No test functions is not an error, but the summary asks for them."""
    report = run_check()

    assert report.yours == []
    assert "You have no tests yet" in printed(report)


def test_a_test_in_an_untagged_cell_is_named_as_not_counted(greeting_suites):
    """A test the grader would not run (no tests tag) is reported by name with what to do; it is not run."""
    report = run_check(
        "def test_counted(client):\n    assert True\n",
        GREETING_APP,
        code_cell("def test_forgotten(client):\n    assert True\n"),
    )

    assert [r.name for r in report.yours] == ["test_counted"]
    assert [name for name, _ in report.not_counted] == ["test_forgotten"]
    output = printed(report)
    assert "test_forgotten is in cell 3, which has no 'tests' tag" in output
    assert "1 not counted" in output
    assert not report.passed


def test_unsaved_changes_are_named(greeting_suites):
    """A test the kernel ran that is not in the saved notebook, or differs from it, asks for a save."""
    saved = "def test_a(client):\n    assert True\n"
    ran = "def test_a(client):\n    assert False\n\ndef test_new(client):\n    assert True\n"

    report = run_check(saved, ran=ran)

    assert [r.name for r in report.yours] == ["test_a"]  # the saved version, as the grader runs it
    notes = dict(report.not_counted)
    assert set(notes) == {"test_a", "test_new"}
    assert notes["test_new"].startswith("is in the kernel but not in the saved notebook")
    assert notes["test_a"].startswith("differs between the saved notebook and what the kernel ran")


def test_a_tests_cell_that_does_not_load_says_so(greeting_suites):
    """A syntax error in the tests cells is one clear row, not a traceback."""
    report = run_check("def test_x(client):\n    assert (\n", ran="x = 1\n")

    assert report.yours == [] and "SyntaxError" in report.tests_error
    assert "pytest could not load them" in printed(report)


def test_without_create_app_nothing_runs_and_the_learner_is_told_why(greeting_suites):
    """Running check() before the app cells explains what is missing instead of crashing."""
    report = self_check({"__name__": "__main__"}, "greeting", cells=[])

    assert report.problem == "the notebook does not define create_app(test_config=None)"
    assert report.course == [] and report.yours == []
    assert "Run the app cells first" in printed(report)


def test_markup_in_messages_is_printed_literally(greeting_suites):
    """A learner's message that looks like rich markup is shown as typed, not interpreted."""
    output = printed(
        run_check("def test_markup(client):\n    assert False, '[link=https://example.invalid]click[/link] [bold]me'\n")
    )

    assert "[link=https://example.invalid]click[/link] [bold]me" in output


def test_the_exercise_and_the_cells_are_read_from_the_saved_notebook(greeting_suites, tmp_path):
    """JupyterLab tells the kernel its notebook (__session__): its course.exercise and its tests cells."""
    notebook = tmp_path / "my copy (2).ipynb"
    tests = "def test_from_the_file(client):\n    assert True\n"
    notebook.write_text(
        json.dumps({"metadata": {"course": {"exercise": "greeting"}}, "cells": saved_cells(GREETING_APP, tests)}),
        encoding="utf-8",
    )
    namespace = {**notebook_namespace(tests_source=tests), "__session__": str(notebook)}

    report = self_check(namespace)

    assert report.exercise == "greeting"
    assert [r.name for r in report.yours] == ["test_from_the_file"]


def test_the_exercise_falls_back_to_the_notebooks_file_name(greeting_suites, tmp_path):
    """VS Code's __vsc_ipynb_file__ of a notebook named greeting.ipynb is enough."""
    namespace = {**notebook_namespace(), "__vsc_ipynb_file__": str(tmp_path / "greeting.ipynb")}

    assert self_check(namespace).exercise == "greeting"


def test_without_the_notebook_file_the_learner_tests_are_not_run_and_it_says_why(greeting_suites):
    """With no saved notebook to read, the public tests still run and the report says why its tests did not."""
    report = self_check(notebook_namespace(tests_source="def test_a(client):\n    assert True\n"), "greeting")

    assert len(report.course) == 3 and report.yours == []
    assert "could not find this notebook's file" in dict(report.not_counted)["your tests"]


def test_check_prints_the_table_for_the_notebooks_own_namespace(greeting_suites, monkeypatch, tmp_path):
    """check() reads create_app from __main__ and the tests from the saved notebook, as in a kernel."""
    tests = "def test_ok(client):\n    assert True\n"
    notebook = tmp_path / "greeting.ipynb"
    notebook.write_text(json.dumps({"metadata": {}, "cells": saved_cells(GREETING_APP, tests)}), encoding="utf-8")
    main = types.ModuleType("__main__")
    vars(main).update(notebook_namespace(tests_source=tests), __session__=str(notebook))
    monkeypatch.setitem(sys.modules, "__main__", main)
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)

    check("greeting", console=console)

    output = buffer.getvalue()
    assert "Self-check: Greetings API" in output
    assert "Course tests: 3 of 3 passed. Your tests: 1 of 1 passed." in output


@pytest.mark.parametrize("exercise", [None, "no_such_exercise"])
def test_check_says_what_to_do_when_the_exercise_is_unknown(greeting_suites, monkeypatch, exercise):
    """Without a way to find the exercise, check() prints how to name it instead of a traceback."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)

    check(exercise, console=console)

    output = buffer.getvalue()
    assert output.startswith("Self-check: ")
    assert "greeting" in output


@pytest.mark.parametrize("exercise", sorted(p.stem for p in DEFAULT_SOLUTIONS.glob("*.ipynb")))
def test_public_tests_pass_against_the_reference_app(exercise):
    """Each real exercise's public tests and the solution's own tests pass on its app cells, through the self-check."""
    reference = read_notebook(DEFAULT_SOLUTIONS / f"{exercise}.ipynb", exercise=exercise)
    namespace = notebook_namespace(tagged_source(reference.notebook, "app"), tagged_source(reference.notebook, "tests"))

    report = self_check(namespace, exercise, cells=reference.notebook.cells)

    assert report.course, f"{exercise} has no public tests"
    assert all(r.outcome == "passed" for r in report.course), report.course
    assert report.yours and all(r.outcome == "passed" for r in report.yours), report.yours
    assert report.passed, report.not_counted
