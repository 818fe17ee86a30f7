"""Each submission graded in a process of its own, stopped at the hard limit, without CI variables.

The hidden tests run on the grader's side, in a thread that nothing can stop from inside: a
failed comparison with a huge value from the learner's app keeps pytest busy building its
explanation for as long as that takes. Grading each submission in a child process bounds that:

* the child runs without ``CI`` and ``BUILD_NUMBER``, which make pytest print (and compute) whole
  diffs instead of truncating them; ``AUTOGRADER_REQUIRE_SANDBOX`` carries on what ``CI=true``
  meant for the sandbox (no grading without one);
* a child still running at the hard limit (plus a margin) is killed, with everything it started
  (bubblewrap dies with its parent); its sandbox folders and cgroups are swept, and the result
  says what happened;
* a child that crashes is given one more try, then the submission alone gets an error result.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from autograder.sandbox import REQUIRE_SANDBOX, cgroups, sandbox_required

__all__ = ["CI_VARIABLES", "STOP_MARGIN", "Job", "grade_in_processes"]

CI_VARIABLES = ("CI", "BUILD_NUMBER")  # what pytest's running_on_ci() looks at
STOP_MARGIN = 30.0  # seconds past the hard limit, for a grader that is only slow to finish
ATTEMPTS = 2

Grader = Callable[[str, Any, str], dict[str, Any]]


@dataclass(frozen=True)
class Job:
    """One submission to grade: its path and learner id."""

    path: Path
    learner: str


def _child(conn: Connection, grader: Grader, path: str, options: Any, learner: str, require_sandbox: bool) -> None:
    for name in CI_VARIABLES:
        os.environ.pop(name, None)
    if require_sandbox:
        os.environ[REQUIRE_SANDBOX] = "1"
    conn.send(grader(path, options, learner))
    conn.close()


@dataclass
class _Running:
    job: Job
    process: multiprocessing.process.BaseProcess
    conn: Connection
    deadline: float
    attempt: int


def sweep_after(pid: int) -> None:
    """Remove what a killed grading process left: its sandboxes' host folders and cgroups."""
    for folder in Path(tempfile.gettempdir()).glob(f"autograder-{pid}-*"):
        shutil.rmtree(folder, ignore_errors=True)
    cgroups.remove_groups_of(pid)


def grade_in_processes(
    jobs: list[Job],
    options: Any,
    workers: int,
    grader: Grader,
    failed: Callable[[Job, str], dict[str, Any]],
    timeout: float,
) -> Iterator[tuple[Job, dict[str, Any]]]:
    """Grade ``jobs``, ``workers`` at a time, each in its own process; yield results as they come.

    ``grader(path, options, learner)`` runs in the child (a module-level function); ``failed(job,
    reason)`` makes the result of a submission whose process was killed or kept crashing.
    """
    # forkserver: children do not inherit this process's threads or zmq state; the preload makes
    # each one start with the grader already imported.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["autograder.grading.submission"])
    queue: deque[tuple[Job, int]] = deque((job, 1) for job in jobs)
    running: list[_Running] = []
    require_sandbox = sandbox_required()
    while queue or running:
        while queue and len(running) < workers:
            job, attempt = queue.popleft()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_child, args=(sender, grader, str(job.path), options, job.learner, require_sandbox), daemon=True
            )
            process.start()
            sender.close()
            running.append(_Running(job, process, receiver, time.monotonic() + timeout, attempt))
        nearest = min(r.deadline for r in running)
        wait([r.conn for r in running] + [r.process.sentinel for r in running],
             timeout=max(0.0, nearest - time.monotonic()))  # fmt: skip
        for entry in list(running):
            outcome = _outcome(entry)
            if outcome is None:
                continue
            running.remove(entry)
            if outcome == "crashed" and entry.attempt < ATTEMPTS:
                queue.append((entry.job, entry.attempt + 1))
            elif isinstance(outcome, dict):
                yield entry.job, outcome
            else:
                yield entry.job, failed(entry.job, outcome)


def _outcome(entry: _Running) -> dict[str, Any] | str | None:
    """The child's result, a failure reason, or ``None`` while it is still working in time."""
    if entry.conn.poll():
        try:
            result = entry.conn.recv()
        except (EOFError, OSError):
            result = None
        entry.process.join(timeout=30)
        _close(entry)
        return result if isinstance(result, dict) else "crashed"
    if not entry.process.is_alive():
        _close(entry)
        return "crashed"
    if time.monotonic() >= entry.deadline:
        entry.process.kill()
        entry.process.join(timeout=30)
        _close(entry)
        return "stopped"
    return None


def _close(entry: _Running) -> None:
    entry.conn.close()
    if entry.process.is_alive():  # it sent its result but will not exit
        entry.process.kill()
        entry.process.join(timeout=30)
    if entry.process.pid is not None:
        sweep_after(entry.process.pid)
