"""Grading processes: one per submission, without CI variables, stopped at the limit, swept after."""

import os
import tempfile
import time
from pathlib import Path

from autograder.grading.processes import Job, grade_in_processes
from autograder.sandbox import REQUIRE_SANDBOX, sandbox_required


def report_environment(path, options, learner):
    """A grader that reports what its process sees."""
    return {
        "learner": learner,
        "ci": os.environ.get("CI"),
        "build": os.environ.get("BUILD_NUMBER"),
        "sandbox_required": sandbox_required(),
        "pid": os.getpid(),
    }


def hang_with_a_sandbox_folder(path, options, learner):
    """A grader stuck forever, with a host folder named as a sandbox's would be; ``path`` gets its name."""
    Path(path).write_text(tempfile.mkdtemp(prefix=f"autograder-{os.getpid()}-"))
    time.sleep(3600)


def crash_on_first_attempt(path, options, learner):
    """A grader whose process dies the first time it sees ``path`` and succeeds the second."""
    marker = Path(path)
    if not marker.exists():
        marker.write_text("tried once")
        os._exit(3)
    return {"learner": learner, "attempts": 2}


def always_crash(path, options, learner):
    """A grader whose process always dies."""
    os._exit(3)


def failed(job, outcome):
    """The result of a submission whose process was stopped or kept crashing."""
    return {"learner": job.learner, "failed": outcome}


def run(jobs, grader, workers=2, timeout=60.0):
    return {job.learner: result for job, result in grade_in_processes(jobs, None, workers, grader, failed, timeout)}


def test_the_grading_process_runs_without_ci_variables_but_still_requires_the_sandbox(monkeypatch):
    """CI and BUILD_NUMBER (which make pytest print whole diffs) are gone; the sandbox demand stays."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("BUILD_NUMBER", "7")
    results = run([Job(Path("a.ipynb"), "ada"), Job(Path("b.ipynb"), "bob")], report_environment)
    assert {name: (r["ci"], r["build"], r["sandbox_required"]) for name, r in results.items()} == {
        "ada": (None, None, True),
        "bob": (None, None, True),
    }
    assert results["ada"]["pid"] not in (results["bob"]["pid"], os.getpid())


def test_outside_ci_nothing_demands_the_sandbox(monkeypatch):
    """Without CI=true the child does not turn a missing sandbox into an error."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(REQUIRE_SANDBOX, raising=False)
    assert run([Job(Path("a.ipynb"), "ada")], report_environment)["ada"]["sandbox_required"] is False


def test_a_process_past_its_time_is_killed_and_its_folders_swept(tmp_path):
    """A stuck grader is stopped at the limit, and the host folder it left is removed."""
    # Only that process's own folder is looked at: other graders on the machine make theirs meanwhile.
    named = tmp_path / "folder-name"
    results = run([Job(named, "stuck")], hang_with_a_sandbox_folder, timeout=3)
    assert results == {"stuck": {"learner": "stuck", "failed": "stopped"}}
    left = Path(named.read_text())
    assert left.name.startswith("autograder-"), left
    assert not left.exists(), f"{left} was not swept"


def test_a_crashed_process_is_retried_once(tmp_path):
    """A grading process that dies is started again; the second attempt's result counts."""
    results = run([Job(tmp_path / "attempt", "ada")], crash_on_first_attempt)
    assert results == {"ada": {"learner": "ada", "attempts": 2}}


def test_a_process_that_keeps_crashing_gives_an_error_result():
    """Two crashes in a row give that submission the failure result."""
    results = run([Job(Path("a.ipynb"), "ada")], always_crash)
    assert results == {"ada": {"learner": "ada", "failed": "crashed"}}
