"""The result cache: a result is reused exactly when nothing it depends on changed."""

from pathlib import Path

import pytest

import autograder.grading.batch as batch_module
from autograder.grading.batch import grade_batch
from autograder.grading.submission import base_result
from tests.autograder.builders import notebook, small_options, write


@pytest.fixture
def in_process_batches(monkeypatch):
    """grade_batch's processes replaced by direct calls, so a test's fake grade_file is the one used."""

    def in_process(jobs, options, workers, grader, failed, timeout):
        return ((job, grader(str(job.path), options, job.learner)) for job in jobs)

    monkeypatch.setattr(batch_module, "grade_in_processes", in_process)


def test_the_cache_skips_regrading_unless_forced_or_changed(tmp_path, monkeypatch, in_process_batches):
    """A cached result is reused for the same bytes; --force or a changed file regrades."""
    graded: list[str] = []

    def fake_grade(path, options, learner):
        graded.append(Path(path).name)
        return {**base_result(Path(path), learner, "notes"), "status": "graded", "score": 1.0}

    monkeypatch.setattr(batch_module, "grade_file", fake_grade)
    path = write(tmp_path / "subs" / "ada.ipynb", notebook(("app", "x = 1")))
    cache = tmp_path / "cache"
    options = small_options()
    assert grade_batch([path], options, cache_dir=cache)[0]["score"] == 1.0
    assert grade_batch([path], options, cache_dir=cache)[0]["score"] == 1.0
    assert graded == ["ada.ipynb"]
    grade_batch([path], options, cache_dir=cache, force=True)
    write(path, notebook(("app", "x = 2")))
    grade_batch([path], options, cache_dir=cache)
    assert graded == ["ada.ipynb"] * 3


def test_grader_problems_are_not_cached(tmp_path, monkeypatch, in_process_batches):
    """A result that failed because of the grader is regraded next time."""
    calls: list[str] = []

    def failing_grade(path, options, learner):
        calls.append(learner)
        return {
            **base_result(Path(path), learner, "notes"),
            "reason": "internal grader error: boom",
            "grader_fault": True,
        }

    monkeypatch.setattr(batch_module, "grade_file", failing_grade)
    path = write(tmp_path / "ada.ipynb", notebook(("app", "x = 1")))
    grade_batch([path], small_options(), cache_dir=tmp_path / "cache")
    grade_batch([path], small_options(), cache_dir=tmp_path / "cache")
    assert calls == ["ada", "ada"]
