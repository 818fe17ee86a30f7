"""The quality check: learner tests against the reference and every mutant, sandboxed and cheat-resistant."""

import random

import pytest

from autograder import aio
from autograder.quality import QualityLimits, measure_quality, preload_modules
from autograder.suite import load_suite
from tests.autograder.builders import SOLUTIONS, SUITES, needs_bwrap, notes_cells

# Every test here starts a sandboxed kernel or worker: seconds each.
pytestmark = [needs_bwrap, pytest.mark.slow]

SUITE = load_suite("notes", SUITES, SOLUTIONS)
LIMITS = QualityLimits(variant_timeout=5, startup_timeout=30, total_timeout=90)
CREATE_TEST = (
    "def test_creating_answers_201(client):\n"
    "    assert client.post('/notes', json={'text': 'a'}).status_code == 201\n"
)


def measure(tests_source: str):
    return aio.run(
        measure_quality(
            tests_source, SUITE.reference_source, SUITE.mutated_sources(), SUITE.app_config, LIMITS, rng=random.Random(0)
        )
    )


def test_exemplary_tests_catch_every_mutant():
    """The solution's own tests pass on the reference and catch all planted bugs."""
    result = measure("\n\n".join(notes_cells("tests")))
    assert result.passed_on_reference and result.count == 6
    assert all(result.caught.values())
    assert result.share_caught == 1.0


def test_weak_tests_catch_only_the_bugs_they_look_at():
    """A single test about creation catches only the creation bug."""
    result = measure(CREATE_TEST)
    assert result.passed_on_reference and result.count == 1
    assert [mutant for mutant, caught in result.caught.items() if caught] == ["create_answers_200"]
    assert result.share_caught == 1 / 5
    assert result.message == "1 test passes on the reference app and catches 1 of 5 planted bugs"


def test_tests_that_fail_on_the_reference_score_nothing():
    """Tests that fail on a correct app earn no quality points and are named in the message."""
    result = measure(CREATE_TEST + "def test_wrong(client):\n    assert client.get('/notes').status_code == 500, 'expected 500'\n")
    assert not result.passed_on_reference and result.share_caught == 0
    assert "test_wrong: expected 500" in result.message


def test_no_tests_and_broken_tests_are_explained():
    """Without test functions, or with a syntax error, the message says why."""
    assert "no tests found" in measure("x = 1\n").message
    assert "SyntaxError" in measure("def test_x(client):\n    assert (\n").message


def test_tests_that_change_their_verdict_between_runs_score_nothing():
    """A test that passes only on its first run (state kept in a file) is caught by the rerun."""
    cheat = (
        "import os\n"
        "def test_first_run_only(client):\n"
        "    first = not os.path.exists('/tmp/ran')\n"
        "    open('/tmp/ran', 'w').close()\n"
        "    assert first\n"
    )
    result = measure(cheat)
    assert not result.passed_on_reference and result.share_caught == 0
    assert "different results" in result.message


def test_a_test_that_hangs_on_a_mutant_counts_as_catching_it():
    """Tests that hang on a mutant (and are stopped) did notice it."""
    hang = (
        "def test_hangs_on_200(client):\n"
        "    while client.post('/notes', json={'text': 'a'}).status_code == 200:\n"
        "        pass\n"
    )
    result = measure(hang)
    assert result.passed_on_reference
    assert result.caught["create_answers_200"]


def test_tests_that_kill_the_worker_score_nothing():
    """A test that kills the process running it cannot fake a result."""
    result = measure("import os, signal\ndef test_x(client):\n    os.kill(os.getppid(), signal.SIGKILL)\n")
    assert not result.passed_on_reference and result.share_caught == 0


def test_imports_of_the_app_and_tests_are_preloaded():
    """The worker imports what the sources import before forking, once."""
    names = preload_modules("import os, io\nfrom flask_mail import Mail\nfrom .local import x\n")
    assert {"os", "io", "flask_mail", "pytest", "flask"} <= set(names)
    assert "local" not in names
