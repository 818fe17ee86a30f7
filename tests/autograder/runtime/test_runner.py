"""The small runner for learner and public tests: outcomes, messages, parametrize and marks."""

from autograder.runtime import exec_tests, run_tests
from autograder.runtime.harness import load_app
from tests.autograder.builders import notes_cells

NOTES = load_app("\n\n".join(notes_cells("app")), name="notes_app_for_runner_tests")


def _run(source):
    return {r.name: (r.outcome, r.message) for r in run_tests(exec_tests(source), NOTES.create_app)}


def test_passing_and_failing_tests_are_told_apart():
    """A passing test passes; a failing one reports its assertion message."""
    results = _run(
        "def test_ok(client):\n"
        "    assert client.get('/notes').status_code == 200\n"
        "def test_wrong(client):\n"
        "    assert client.get('/notes').status_code == 201, 'listing should answer 201'\n"
    )
    assert results == {"test_ok": ("passed", ""), "test_wrong": ("failed", "listing should answer 201")}


def test_a_bare_assert_reports_its_source_line():
    """Without a message, the failing line of the test is shown."""
    results = _run("def test_bare(client):\n    r = client.get('/notes/7')\n    assert r.status_code == 200\n")
    assert results["test_bare"] == ("failed", "failed: assert r.status_code == 200")


def test_exceptions_fail_the_test_with_their_type():
    """An exception in a test fails it, naming the exception and line."""
    results = _run("def test_oops(client):\n    client.get('/notes').get_json()['missing']\n")
    outcome, message = results["test_oops"]
    assert outcome == "failed"
    assert message.startswith("TypeError") and "at: client.get" in message


def test_parametrize_expands_into_one_test_per_case():
    """@pytest.mark.parametrize runs each case under its own id."""
    results = _run(
        "import pytest\n"
        "@pytest.mark.parametrize('text', ['', '  ', pytest.param('x', id='one-letter')])\n"
        "def test_blank(client, text):\n"
        "    assert client.post('/notes', json={'text': text}).status_code == 400\n"
    )
    assert results == {
        "test_blank[]": ("passed", ""),
        "test_blank[  ]": ("passed", ""),
        "test_blank[one-letter]": ("failed", "failed: assert client.post('/notes', json={'text': text}).status_code == 400"),
    }


def test_stacked_parametrize_makes_the_product():
    """Two parametrize marks give every combination."""
    results = _run(
        "import pytest\n"
        "@pytest.mark.parametrize('a', [1, 2])\n"
        "@pytest.mark.parametrize('b', ['x', 'y'])\n"
        "def test_pair(a, b):\n"
        "    assert a in (1, 2) and b in 'xy'\n"
    )
    assert sorted(results) == ["test_pair[1-x]", "test_pair[1-y]", "test_pair[2-x]", "test_pair[2-y]"]


def test_skip_marks_and_pytest_skip_are_reported_as_skipped():
    """Skipped and xfail tests do not count as passing or failing."""
    results = _run(
        "import pytest\n"
        "@pytest.mark.skip(reason='later')\n"
        "def test_a(client): assert False\n"
        "@pytest.mark.xfail\n"
        "def test_b(client): assert False\n"
        "def test_c(client): pytest.skip('not today')\n"
    )
    assert {name: outcome for name, (outcome, _) in results.items()} == {
        "test_a": "skipped", "test_b": "skipped", "test_c": "skipped"
    }


def test_pytest_raises_failures_count_as_failures():
    """pytest.raises that sees no exception fails the test."""
    results = _run("import pytest\ndef test_r(client):\n    with pytest.raises(ValueError):\n        client.get('/notes')\n")
    assert results["test_r"][0] == "failed" and "DID NOT RAISE" in results["test_r"][1]


def test_unknown_fixtures_are_errors():
    """A test asking for a fixture outside the vocabulary is an error, not a pass."""
    assert _run("def test_t(tmp_path): pass\n")["test_t"][0] == "error"


def test_a_broken_create_app_is_an_error():
    """When the app cannot be built the test errors."""
    def broken(config):
        raise RuntimeError("no database")
    results = {r.name: r for r in run_tests(exec_tests("def test_t(client): pass\n"), broken)}
    assert results["test_t"].outcome == "error" and "no database" in results["test_t"].message


def test_sys_exit_in_a_test_is_a_failure_not_an_exit():
    """A test calling sys.exit fails instead of stopping the runner."""
    assert _run("import sys\ndef test_t(client): sys.exit(0)\n")["test_t"][0] == "failed"


def test_only_test_functions_are_collected():
    """Helpers and non-functions named test are not run."""
    results = _run("test_value = 3\ndef helper(): assert False\ndef test_real(): pass\n")
    assert list(results) == ["test_real"]
