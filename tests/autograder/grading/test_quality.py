"""The quality check: learner tests under pytest against the reference and every mutant, each in its own sandbox."""

import random

import pytest

from autograder.grading import aio
from autograder.grading.quality import (
    REFERENCE,
    REFERENCE_RUNS,
    QualityLimits,
    measure_quality,
    preload_modules,
    score_tests,
)
from autograder.material.suite import load_suite
from tests.autograder.builders import SOLUTIONS, SUITES, needs_bwrap, notes_cells

SUITE = load_suite("notes", SUITES, SOLUTIONS)
LIMITS = QualityLimits(variant_timeout=5, startup_timeout=30, total_timeout=90)
CREATE_TEST = (
    "def test_creating_answers_201(client):\n    assert client.post('/notes', json={'text': 'a'}).status_code == 201\n"
)
WRONG_TEST = "def test_wrong(client):\n    assert client.get('/notes').status_code == 500, 'expected 500'\n"


def measure(tests_source: str, seed: int = 0):
    return aio.run(
        measure_quality(
            tests_source,
            SUITE.reference_source,
            SUITE.mutated_sources(),
            SUITE.app_config,
            LIMITS,
            rng=random.Random(seed),
        )
    )


def caught(result):
    return sorted(mutant for mutant, was_caught in result.caught.items() if was_caught)


# --- in a sandbox: seconds each ----------------------------------------------------------------


@needs_bwrap
@pytest.mark.slow
def test_exemplary_tests_catch_every_mutant():
    """The solution's own tests pass on the reference and catch all planted bugs."""
    result = measure("\n\n".join(notes_cells("tests")))
    assert result.passed_on_reference and result.count == result.kept == 6
    assert all(result.caught.values())
    assert result.share_caught == 1.0


@needs_bwrap
@pytest.mark.slow
def test_tests_written_as_the_lessons_teach_are_all_counted():
    """A learner fixture, a class, monkeypatch, tmp_path and parametrize ids all run under pytest and count."""
    result = measure(
        "import pytest\n"
        "@pytest.fixture\n"
        "def created(client):\n"
        "    return client.post('/notes', json={'text': 'milk'})\n"
        "class TestCreating:\n"
        "    def test_answers_201(self, created):\n"
        "        assert created.status_code == 201\n"
        "    def test_builtins(self, monkeypatch, tmp_path):\n"
        "        monkeypatch.setenv('MODE', 'x')\n"
        "        assert tmp_path.is_dir()\n"
        "@pytest.mark.parametrize('text', ['', '   '], ids=['empty', 'spaces'])\n"
        "def test_blank_is_refused(client, text):\n"
        "    assert client.post('/notes', json={'text': text}).status_code == 400\n"
    )
    assert result.count == result.kept == 4 and result.left_out == []
    assert caught(result) == ["blank_text_accepted", "create_answers_200"]


@needs_bwrap
@pytest.mark.slow
def test_a_test_that_fails_on_the_reference_is_left_out_and_the_others_keep_their_credit():
    """One wrong test costs its share, not everything; it is named with pytest's message and values."""
    result = measure(CREATE_TEST + WRONG_TEST)
    assert result.count == 2 and result.kept == 1
    assert result.left_out == [
        {
            "name": "test_wrong",
            "message": "failed on the correct app: AssertionError: expected 500\nassert 200 == 500\n"
            " +  where 200 = <Response 200 application/json 3 bytes>.status_code\n"
            " +    where <Response 200 application/json 3 bytes> = get('/notes')\n"
            " +      where get = <test client>.get",
        }
    ]
    assert caught(result) == ["create_answers_200"]
    planted = len(SUITE.mutants)
    assert result.share_caught == pytest.approx(1 / planted * 1 / 2)
    assert result.message == (
        f"1 of 2 tests pass on the reference app and catch 1 of {planted} planted bugs; "
        "1 test left out, so you keep 1/2 of that credit"
    )


@needs_bwrap
@pytest.mark.slow
def test_no_tests_and_broken_tests_are_explained():
    """Without test functions, or with a syntax error, the message says why."""
    assert "no tests found" in measure("x = 1\n").message
    broken = measure("def test_x(client):\n    assert (\n")
    assert "do not load under pytest" in broken.message and "SyntaxError" in broken.message


@needs_bwrap
@pytest.mark.slow
def test_nothing_survives_from_one_variant_to_the_next():
    """A test that remembers what it saw (in /tmp, /dev/shm, a pid) cannot tell a later variant from the first."""
    memory = (
        "import os\n"
        "def test_only_my_first_run_passes(client):\n"
        "    marks = [p for p in ('/tmp/ran', '/dev/shm/ran') if os.path.exists(p)]\n"
        "    for path in ('/tmp/ran', '/dev/shm/ran'):\n"
        "        open(path, 'w').close()\n"
        "    assert not marks and os.getpid() == 1\n"
    )
    result = measure(memory)
    assert result.kept == 1  # it passes every time: it never finds a mark
    assert not any(result.caught.values())


@needs_bwrap
@pytest.mark.slow
def test_a_test_that_hangs_on_a_mutant_counts_as_catching_it():
    """Tests that hang on a mutant (and are stopped) did notice it."""
    hang = (
        "def test_hangs_on_200(client):\n"
        "    while client.post('/notes', json={'text': 'a'}).status_code == 200:\n"
        "        pass\n"
    )
    result = measure(hang)
    assert result.passed_on_reference
    assert caught(result) == ["create_answers_200"]


@needs_bwrap
@pytest.mark.slow
def test_tests_that_kill_their_process_score_nothing():
    """A test that kills the process running it (or its group) cannot fake a result."""
    result = measure("import os\ndef test_x(client):\n    os._exit(0)\n" + CREATE_TEST)
    assert result.kept == 0 and result.share_caught == 0
    assert [test["name"] for test in result.left_out] == ["test_x", "test_creating_answers_201"]
    assert (
        result.left_out[0]["message"]
        == "error on the correct app: the test process stopped (crashed or exited) during this test"
    )


# --- scoring, on recorded runs ------------------------------------------------------------------


def run(*results, complete=True, stopped=""):
    return {
        "collected": [n for n, _, _ in results] if complete else [],
        "results": [{"name": n, "outcome": o, "message": m} for n, o, m in results],
        "complete": complete,
        "stopped": stopped,
        "collection_errors": [],
    }


def test_a_test_whose_outcome_changes_between_reference_runs_is_left_out():
    """Passing on some reference runs only is a coin toss, not a check: left out and named."""
    runs = [
        (REFERENCE, run(("test_a", "passed", ""), ("test_coin", "passed", ""))),
        ("m1", run(("test_a", "failed", "x"), ("test_coin", "failed", "y"))),
        (REFERENCE, run(("test_a", "passed", ""), ("test_coin", "failed", "z"))),
        ("m2", run(("test_a", "passed", ""), ("test_coin", "failed", "y"))),
        (REFERENCE, run(("test_a", "passed", ""), ("test_coin", "passed", ""))),
    ]
    result = score_tests(runs, ["m1", "m2"])
    assert result.count == 2 and result.kept == 1
    assert result.left_out[0]["name"] == "test_coin"
    assert "changed between runs on the correct app (passed, failed, passed)" in result.left_out[0]["message"]
    assert result.caught == {"m1": True, "m2": False}
    assert result.share_caught == pytest.approx(1 / 2 * 1 / 2)


def test_skipped_tests_do_not_count_and_no_passing_test_scores_zero():
    """Skipped tests are not counted; with none kept the score is 0 whatever the mutants did."""
    runs = [
        (REFERENCE, run(("test_s", "skipped", "later"), ("test_f", "failed", "no"))),
        ("m1", run(("test_s", "skipped", "later"), ("test_f", "failed", "no"))),
    ]
    result = score_tests(runs * REFERENCE_RUNS, ["m1"])
    assert result.count == 1 and result.kept == 0 and result.share_caught == 0
    assert result.message.startswith("none of your 1 tests passed on the correct app")


def test_a_run_that_stopped_blames_the_test_it_was_in():
    """When a run crashes or times out, the first test without a result is the one that failed."""
    reference = run(("test_a", "passed", ""), ("test_b", "passed", ""), ("test_c", "passed", ""))
    stopped = run(("test_a", "passed", ""), complete=False, stopped="timeout")
    result = score_tests([(REFERENCE, reference), ("m1", stopped), (REFERENCE, reference)], ["m1"])
    assert result.caught == {"m1": True}


def test_imports_of_the_app_are_preloaded():
    """The apps worker imports what the reference imports before forking, once; never relative imports."""
    names = preload_modules("import os, io\nfrom flask_mail import Mail\nfrom .local import x\n")
    assert {"os", "io", "flask_mail", "flask", "werkzeug"} <= set(names)
    assert "local" not in names
