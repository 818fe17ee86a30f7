"""Learner and public tests under real pytest: outcomes, pytest's messages, and everything the lessons use."""

import pytest

from autograder.runtime import AppSession, pytest_run, run_pytest
from autograder.runtime.harness import load_app
from tests.autograder.builders import notes_cells

NOTES = load_app("\n\n".join(notes_cells("app")), name="notes_app_for_pytest_run_tests")


def _report(source, tmp_path, create_app=NOTES.create_app):
    return run_pytest({"test_yours.py": source}, lambda: AppSession(create_app), tmp_path / "run")


def _run(source, tmp_path, create_app=NOTES.create_app):
    return {r.name: (r.outcome, r.message) for r in _report(source, tmp_path, create_app).results}


def test_passing_and_failing_tests_are_told_apart(tmp_path):
    """A passing test passes; a failing one reports its own message and pytest's comparison."""
    results = _run(
        "def test_ok(client):\n"
        "    assert client.get('/notes').status_code == 200\n"
        "def test_wrong(client):\n"
        "    status = client.get('/notes').status_code\n"
        "    assert status == 201, 'listing should answer 201'\n",
        tmp_path,
    )
    assert results == {
        "test_ok": ("passed", ""),
        "test_wrong": ("failed", "AssertionError: listing should answer 201\nassert 200 == 201"),
    }


def test_a_bare_assert_shows_the_values_it_compared(tmp_path):
    """Assertion rewriting works: the message has the values, as pytest prints them."""
    results = _run(
        "def test_total(client):\n    body = {'total_cents': 1299}\n    assert body['total_cents'] == 1300\n"
        "def test_dict(client):\n    assert {'a': 1, 'b': 2} == {'a': 1, 'b': 3}\n",
        tmp_path,
    )
    assert results["test_total"] == ("failed", "assert 1299 == 1300")
    outcome, message = results["test_dict"]
    assert outcome == "failed"
    assert message.startswith("assert {'a': 1, 'b': 2} == {'a': 1, 'b': 3}") and "Differing items:" in message
    assert "Use -v" not in message


def test_a_response_in_a_message_is_short_and_stable(tmp_path):
    """pytest's 'where' lines name the test client plainly, not by memory address."""
    message = _run("def test_t(client):\n    assert client.get('/notes').status_code == 404\n", tmp_path)["test_t"][1]
    assert "<test client>.get" in message and "0x" not in message


def test_learner_fixtures_classes_and_builtin_fixtures_work(tmp_path, capsys):
    """The learner's own fixtures, test classes, monkeypatch, tmp_path, capsys and mocker behave as in the lessons."""
    results = _run(
        "import os\n"
        "import pytest\n"
        "@pytest.fixture\n"
        "def created(client):\n"
        "    return client.post('/notes', json={'text': 'milk'})\n"
        "class TestNotes:\n"
        "    def test_created_answers_201(self, created):\n"
        "        assert created.status_code == 201\n"
        "    def test_uses_builtins(self, monkeypatch, tmp_path, capsys, mocker):\n"
        "        monkeypatch.setenv('NOTES_MODE', 'test')\n"
        "        (tmp_path / 'f.txt').write_text('x')\n"
        "        print('hello')\n"
        "        assert os.environ['NOTES_MODE'] == 'test' and (tmp_path / 'f.txt').read_text() == 'x'\n"
        "        assert capsys.readouterr().out == 'hello\\n'\n"
        "        assert mocker.Mock(return_value=3)() == 3\n",
        tmp_path,
    )
    assert results == {
        "TestNotes::test_created_answers_201": ("passed", ""),
        "TestNotes::test_uses_builtins": ("passed", ""),
    }
    assert capsys.readouterr().out == ""  # the learner's prints were captured, as pytest does


def test_parametrize_ids_and_stacked_parametrize(tmp_path):
    """Each case runs under pytest's own id; stacked marks give the product."""
    results = _run(
        "import pytest\n"
        "@pytest.mark.parametrize('text', ['', pytest.param('x', id='one-letter')])\n"
        "def test_blank(client, text):\n"
        "    assert client.post('/notes', json={'text': text}).status_code == 400\n"
        "@pytest.mark.parametrize('a', [1, 2], ids=['one', 'two'])\n"
        "@pytest.mark.parametrize('b', ['x'])\n"
        "def test_pair(a, b):\n"
        "    assert a in (1, 2)\n",
        tmp_path,
    )
    assert {name: outcome for name, (outcome, _) in results.items()} == {
        "test_blank[]": "passed",
        "test_blank[one-letter]": "failed",
        "test_pair[x-one]": "passed",
        "test_pair[x-two]": "passed",
    }
    assert results["test_blank[one-letter]"][1].startswith("assert 201 == 400")


def test_skips_xfails_and_strict_xpasses(tmp_path):
    """Skipped and xfailed tests say so; an unexpected pass of a strict xfail fails (xfail_strict)."""
    results = _run(
        "import pytest\n"
        "@pytest.mark.skip(reason='later')\n"
        "def test_a(client): assert False\n"
        "@pytest.mark.xfail(reason='known bug')\n"
        "def test_b(client): assert False\n"
        "@pytest.mark.xfail(reason='fixed already')\n"
        "def test_c(client): pass\n"
        "def test_d(client): pytest.skip('not today')\n",
        tmp_path,
    )
    assert results["test_a"] == ("skipped", "later")
    assert results["test_b"] == ("xfailed", "known bug")
    assert results["test_c"][0] == "failed" and "XPASS(strict)" in results["test_c"][1]
    assert results["test_d"] == ("skipped", "not today")


def test_pytest_raises_and_approx(tmp_path):
    """pytest.raises and pytest.approx work and fail as pytest makes them."""
    results = _run(
        "import pytest\n"
        "def test_r(client):\n    with pytest.raises(ValueError):\n        client.get('/notes')\n"
        "def test_a():\n    assert 0.1 + 0.2 == pytest.approx(0.3)\n",
        tmp_path,
    )
    assert results["test_r"] == ("failed", "Failed: DID NOT RAISE ValueError")
    assert results["test_a"] == ("passed", "")


def test_unknown_fixtures_are_errors_with_pytests_words(tmp_path):
    """A test asking for a fixture that does not exist errors, and the message names it."""
    outcome, message = _run("def test_t(cart_with_mugs): pass\n", tmp_path)["test_t"]
    assert outcome == "error" and "fixture 'cart_with_mugs' not found" in message


def test_a_broken_create_app_is_an_error_of_the_test(tmp_path):
    """When the app cannot be built, the test errors with the app's exception."""

    def broken(config):
        raise RuntimeError("no database")

    outcome, message = _run("def test_t(client): pass\n", tmp_path, create_app=broken)["test_t"]
    assert outcome == "error" and message == "RuntimeError: no database"


def test_sys_exit_fails_the_test_and_pytest_exit_stops_the_run(tmp_path):
    """sys.exit is a failure of that test; pytest.exit ends the run and the tests after it did not run."""
    results = _run(
        "import sys, pytest\ndef test_a(client): sys.exit(0)\ndef test_b(): pytest.exit('bye')\ndef test_c(): pass\n",
        tmp_path,
    )
    assert results["test_a"][0] == "failed" and "SystemExit" in results["test_a"][1]
    assert results["test_b"] == ("error", "the test stopped before it finished")
    assert results["test_c"] == ("error", "the test did not run")


def test_a_module_that_does_not_load_is_a_collection_error(tmp_path):
    """A syntax error is reported as pytest reports it, and no test runs."""
    report = _report("def test_x(client):\n    assert (\n", tmp_path)
    assert report.results == []
    assert len(report.collection_errors) == 1 and "SyntaxError" in report.collection_errors[0]


def test_only_what_pytest_collects_runs(tmp_path):
    """Helpers and non-functions named test are not run; classes with __init__ are not collected."""
    results = _run(
        "test_value = 3\ndef helper(): assert False\ndef test_real(): pass\n"
        "class TestWithInit:\n    def __init__(self): pass\n    def test_never(self): pass\n",
        tmp_path,
    )
    assert list(results) == ["test_real"]


def test_each_result_is_heard_as_it_finishes(tmp_path):
    """on_result is called once per test, in order, with the finished result."""
    heard: list[pytest_run.TestResult] = []
    run_pytest(
        {"test_yours.py": "def test_a(): pass\ndef test_b(): assert 0\n"},
        pytest_run.no_session,
        tmp_path / "run",
        on_result=heard.append,
    )
    assert [(r.name, r.outcome) for r in heard] == [("test_a", "passed"), ("test_b", "failed")]


@pytest.mark.parametrize("settings", ["[pytest]\naddopts = -p no:python\n", "[tool:pytest]\naddopts = -x\n"])
def test_settings_around_the_folder_are_not_read(tmp_path, settings):
    """A pytest config above the run's folder (the learner's own, or the course's) changes nothing."""
    (tmp_path / "pytest.ini").write_text(settings)
    (tmp_path / "conftest.py").write_text(
        "import pytest\n@pytest.fixture\ndef client():\n    return 'not the course client'\n"
    )
    results = _run(
        "def test_a(client):\n    assert client.get('/notes').status_code == 200\ndef test_b(): pass\n", tmp_path
    )
    assert results == {"test_a": ("passed", ""), "test_b": ("passed", "")}
