"""Running hidden tests in the trusted process: outcomes, points and messages without the test source."""

import sys

import pytest

from autograder.grading.hidden import AppGate, learner_message, run_hidden_tests
from autograder.material.mutants import apply_all
from autograder.material.suite import load_suite
from autograder.runtime import AppSession
from autograder.runtime.harness import load_app
from autograder.runtime.wire import AppCrashed
from tests.autograder.builders import SOLUTIONS, SUITES, hidden_test_points

SUITE = load_suite("notes", SUITES, SOLUTIONS)


def _run(source: str, gate: AppGate | None = None, hidden=SUITE.hidden_tests, rootdir=SUITES):
    if gate is None:
        module = load_app(source, name="notes_app_for_hidden")
        gate = AppGate()
        gate.open(lambda: AppSession(module.create_app, SUITE.app_config))
    results, errors = run_hidden_tests(hidden, rootdir, gate, SUITE.points, wait_timeout=5)
    return {result.name: result for result in results}, errors


def test_the_reference_app_passes_every_hidden_test():
    """All hidden tests pass against the reference app, with the suite's points."""
    results, errors = _run(SUITE.reference_source)
    expected = hidden_test_points(SUITE)
    assert errors == []
    assert {name: result.max_points for name, result in results.items()} == expected
    assert set(expected.values()) != {1.0}, "the fixture suite should give some test more than 1 point"
    assert all(r.outcome == "passed" and r.points == r.max_points for r in results.values())


def test_descriptions_come_from_the_docstrings():
    """Each result carries the first line of its test's docstring."""
    results, _ = _run(SUITE.reference_source)
    assert (
        results["test_reading_an_unknown_note_answers_404"].description
        == "Reading a note that does not exist answers 404."
    )


def test_a_failure_shows_the_assertion_message_not_the_source():
    """A failing test's message is its assertion message; the test source is never shown."""
    results, _ = _run(apply_all(SUITE.mutants, SUITE.reference_source)["create_answers_200"])
    failed = results["test_creating_a_note_answers_201_with_the_note"]
    assert failed.outcome == "failed" and failed.points == 0
    assert failed.message == "creating a note should answer 201, got 200"


def test_an_app_crash_is_a_failed_test_with_the_reason():
    """An exception in the learner's app fails the test with the exception named."""
    crashing = SUITE.reference_source.replace("return jsonify(list(notes.values()))", "return jsonify(notes[0])")
    results, _ = _run(crashing)
    listed = results["test_listing_notes_shows_every_note"]
    assert listed.outcome == "failed"
    assert listed.message == "the app raised KeyError: 0 while handling GET /notes"


def test_a_failed_gate_makes_every_test_an_error_with_the_reason():
    """When the notebook's app never became ready, every test errors with that reason."""
    gate = AppGate()
    gate.fail("the notebook does not define create_app(test_config=None)")
    results, _ = _run("", gate=gate)
    assert {r.outcome for r in results.values()} == {"error"}
    assert {r.message for r in results.values()} == {"the notebook does not define create_app(test_config=None)"}


def test_hidden_test_modules_do_not_stay_imported():
    """Every run imports the suite afresh, so no state survives between submissions."""
    _run(SUITE.reference_source)
    assert not [name for name in sys.modules if name.rpartition(".")[2] == "hidden_tests"]


def test_a_suite_that_does_not_collect_is_reported(tmp_path):
    """A broken hidden tests file is reported as a collection error (an instructor bug)."""
    broken = tmp_path / "broken" / "hidden_tests.py"
    broken.parent.mkdir()
    broken.write_text("def test_x(client):\n    assert (\n")
    results, errors = _run(SUITE.reference_source, hidden=broken, rootdir=tmp_path)
    assert results == {}
    assert len(errors) == 1, errors
    # The file's path, then the error's last line.
    assert errors[0].startswith("broken/hidden_tests.py: "), errors
    assert errors[0].endswith("SyntaxError: '(' was never closed"), errors


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (AssertionError("cart should be empty, got 2\nassert 2 == 0"), "cart should be empty, got 2"),
        (AssertionError("assert 404 == 201\n +  where 404 = <Response>.status_code"), "a check failed: 404 == 201"),
        (
            AppCrashed("the app raised KeyError: 'x' while handling GET /cart"),
            "the app raised KeyError: 'x' while handling GET /cart",
        ),
        (TypeError("'NoneType' object is not subscriptable"), "TypeError: 'NoneType' object is not subscriptable"),
    ],
)
def test_learner_messages_keep_what_a_learner_may_see(exc, message):
    """Assertion messages stay, rewritten explanations shrink to one line, other errors are named."""
    assert learner_message(exc) == message
