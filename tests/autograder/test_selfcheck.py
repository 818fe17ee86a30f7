"""The learner's self-check: public tests and the notebook's own tests, in-process, as one table.

Most tests use a tiny "greeting" exercise from ``files/selfcheck_suites/`` so that they check the
self-check itself; the last ones run the real exercises' public tests against their reference apps.
"""

import io
import json
import sys
import types
from pathlib import Path

import pytest
from rich.console import Console

from autograder.notebook import read_notebook, tagged_source
from autograder.runtime import exec_tests
from autograder.selfcheck import check, exercises, render, self_check
from autograder.suite import DEFAULT_SOLUTIONS

FILES = Path(__file__).parent / "files"
GREETING_APP = (FILES / "greeting_app.py").read_text(encoding="utf-8")


@pytest.fixture
def greeting_suites(monkeypatch):
    """The self-check reads its exercises from files/selfcheck_suites/ (only 'greeting')."""
    monkeypatch.setattr(exercises, "SUITES_DIR", FILES / "selfcheck_suites")


def notebook_namespace(app_source=GREETING_APP, tests_source=""):
    """A namespace like a kernel's after running the app cells, then the tests cells."""
    namespace = {"__name__": "__main__"}
    exec(compile(app_source, "<app cells>", "exec"), namespace)
    namespace.update(exec_tests(tests_source, "<tests cells>") if tests_source else {})
    namespace.pop("__builtins__", None)
    return namespace


def printed(report):
    console = Console(file=io.StringIO(), width=200)
    console.print(render(report))
    return console.file.getvalue()


def test_a_correct_app_passes_the_public_tests_and_the_learners_own(greeting_suites):
    """With the suite's app_config ({tmp} filled in) every test passes and the report says so."""
    namespace = notebook_namespace(tests_source=(
        "def test_greeting_uses_the_name(client):\n"
        "    assert client.get('/hello?name=Bo').get_json() == {'greeting': 'Hello, Bo!'}\n"
    ))

    report = self_check(namespace, "greeting")

    assert [(r.name, r.outcome) for r in report.course] == [
        ("test_greets_by_name", "passed"), ("test_missing_name_answers_400", "passed"),
        ("test_each_app_gets_its_own_data_folder", "passed")]
    assert [(r.name, r.outcome) for r in report.yours] == [("test_greeting_uses_the_name", "passed")]
    assert report.passed
    assert "Course tests: 3 of 3 passed. Your tests: 1 of 1 passed." in printed(report)


def test_a_failing_public_test_shows_its_learner_facing_message(greeting_suites):
    """A bug in the app is reported with the public test's description and assertion message."""
    buggy = GREETING_APP.replace("            abort(400)\n", "            pass\n")

    report = self_check(notebook_namespace(buggy), "greeting")

    failed = {r.name: r.message for r in report.course if r.outcome == "failed"}
    assert failed == {"test_missing_name_answers_400": "GET /hello without a name should answer 400, got 200"}
    output = printed(report)
    assert "GET /hello without a name answers 400." in output
    assert not report.passed


def test_a_failing_own_test_shows_the_line_that_failed(greeting_suites):
    """A bare assert in the learner's test is explained by quoting its line."""
    namespace = notebook_namespace(tests_source=(
        "def test_wrong_expectation(client):\n"
        "    response = client.get('/hello?name=Bo')\n"
        "    assert response.status_code == 201\n"
    ))

    report = self_check(namespace, "greeting")

    assert report.yours[0].outcome == "failed"
    assert "assert response.status_code == 201" in report.yours[0].message


def test_a_notebook_without_tests_is_told_to_write_some(greeting_suites):
    """No test_ functions is not an error, but the summary asks for them."""
    report = self_check(notebook_namespace(), "greeting")

    assert report.yours == []
    assert "You have no test_ functions yet" in printed(report)


def test_without_create_app_nothing_runs_and_the_learner_is_told_why(greeting_suites):
    """Running check() before the app cells explains what is missing instead of crashing."""
    report = self_check({"__name__": "__main__"}, "greeting")

    assert report.problem == "the notebook does not define create_app(test_config=None)"
    assert report.course == [] and report.yours == []
    assert "Run the app cells first" in printed(report)


def test_markup_in_messages_is_printed_literally(greeting_suites):
    """A learner's message that looks like rich markup is shown as typed, not interpreted."""
    namespace = notebook_namespace(tests_source=(
        "def test_markup(client):\n"
        "    assert False, '[link=https://example.invalid]click[/link] [bold]me'\n"
    ))

    output = printed(self_check(namespace, "greeting"))

    assert "[link=https://example.invalid]click[/link] [bold]me" in output


def test_the_exercise_is_read_from_the_notebooks_metadata(greeting_suites, tmp_path):
    """JupyterLab tells the kernel its notebook (__session__); its course.exercise names the exercise."""
    notebook = tmp_path / "my copy (2).ipynb"
    notebook.write_text(json.dumps({"metadata": {"course": {"exercise": "greeting"}}, "cells": []}), encoding="utf-8")
    namespace = {**notebook_namespace(), "__session__": str(notebook)}

    assert self_check(namespace).exercise == "greeting"


def test_the_exercise_falls_back_to_the_notebooks_file_name(greeting_suites, tmp_path):
    """VS Code's __vsc_ipynb_file__ of a notebook named greeting.ipynb is enough."""
    namespace = {**notebook_namespace(), "__vsc_ipynb_file__": str(tmp_path / "greeting.ipynb")}

    assert self_check(namespace).exercise == "greeting"


def test_check_prints_the_table_for_the_notebooks_own_namespace(greeting_suites, monkeypatch):
    """check() reads create_app and the tests from __main__, as in a kernel."""
    main = types.ModuleType("__main__")
    vars(main).update(notebook_namespace(tests_source="def test_ok(client):\n    assert True\n"))
    monkeypatch.setitem(sys.modules, "__main__", main)
    console = Console(file=io.StringIO(), width=200)

    check("greeting", console=console)

    output = console.file.getvalue()
    assert "Self-check: Greetings API" in output
    assert "Course tests: 3 of 3 passed. Your tests: 1 of 1 passed." in output


@pytest.mark.parametrize("exercise", [None, "no_such_exercise"])
def test_check_says_what_to_do_when_the_exercise_is_unknown(greeting_suites, monkeypatch, exercise):
    """Without a way to find the exercise, check() prints how to name it instead of a traceback."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    console = Console(file=io.StringIO(), width=200)

    check(exercise, console=console)

    output = console.file.getvalue()
    assert output.startswith("Self-check: ")
    assert "greeting" in output


@pytest.mark.parametrize("exercise", sorted(p.stem for p in DEFAULT_SOLUTIONS.glob("*.ipynb")))
def test_public_tests_pass_against_the_reference_app(exercise):
    """Each real exercise's public tests pass on its solution's app cells, through the self-check."""
    reference = read_notebook(DEFAULT_SOLUTIONS / f"{exercise}.ipynb", exercise=exercise)
    namespace = notebook_namespace(tagged_source(reference.notebook, "app"))

    report = self_check(namespace, exercise)

    assert report.course, f"{exercise} has no public tests"
    assert all(r.outcome == "passed" for r in report.course), report.course
