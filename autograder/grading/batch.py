"""Grading many submissions: finding them, naming their learners, sharding, and a process each.

Every submission is graded in a process of its own (``processes``), ``jobs`` at a time; results
come from the cache (``cache``) where nothing they depend on has changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from autograder.grading.cache import ResultCache
from autograder.grading.options import GradeOptions
from autograder.grading.processes import STOP_MARGIN, Job, grade_in_processes
from autograder.grading.submission import base_result, grade_file, graders_fault, learner_id
from autograder.material.suite import known_exercises

__all__ = ["find_submissions", "grade_batch", "grade_isolated", "learner_id", "shard"]


def find_submissions(paths: Iterable[Path]) -> list[Path]:
    """Notebook files given directly or found in the given folders (any depth), sorted, no duplicates."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for notebook in sorted(path.rglob("*.ipynb")):
                if ".ipynb_checkpoints" not in notebook.parts and notebook.is_file():
                    found[notebook] = None
        else:
            found[path] = None
    return list(found)


def shard(submissions: list[Path], index: int, count: int) -> list[Path]:
    """Shard ``index`` of ``count`` (from 1): every ``count``-th submission in path order.

    The same paths give the same shards on every machine, whatever order they were found in, and
    each submission falls in exactly one shard; shard sizes differ by one at most.
    """
    if not 1 <= index <= count:
        raise ValueError(f"shard {index}/{count}: K must be between 1 and N")
    ordered = sorted(submissions, key=lambda path: path.as_posix())
    return ordered[index - 1 :: count]


def _failed_result(options: GradeOptions) -> Callable[[Job, str], dict[str, Any]]:
    def failed(job: Job, outcome: str) -> dict[str, Any]:
        result = base_result(job.path, job.learner, options.exercise)
        if outcome == "stopped":
            limit = options.hard_limit + STOP_MARGIN
            graders_fault(result, f"internal grader error: grading took longer than {limit:g} s and was stopped")
        else:
            graders_fault(result, "internal grader error: the grading process crashed on this submission")
        return result

    return failed


def grade_isolated(path: Path, options: GradeOptions, learner: str) -> dict[str, Any]:
    """``grade_file`` in a process of its own (see ``processes``): what a batch does for each."""
    ((_, result),) = grade_in_processes(
        [Job(path, learner)], options, 1, grade_file, _failed_result(options), options.hard_limit + STOP_MARGIN
    )
    return result


def grade_batch(
    paths: Iterable[Path],
    options: GradeOptions,
    *,
    jobs: int = 1,
    cache_dir: Path | None = None,
    force: bool = False,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    on_cached: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Grade many notebooks, ``jobs`` at a time; cached results are reused unless ``force``.

    ``on_result`` hears of every result as it comes; ``on_cached`` of those that came from the cache.
    """
    submissions = find_submissions(paths)
    known = known_exercises(options.suites)
    cache = ResultCache(cache_dir, options) if cache_dir is not None else None
    results: dict[Path, dict[str, Any]] = {}
    todo: list[tuple[Path, str | None]] = []
    for path in submissions:
        key = cache.key(path) if cache else None
        cached = None if force or cache is None else cache.get(key)
        if cached is not None:
            cached.update(path=str(path), learner=learner_id(path, known))
            results[path] = cached
            if on_cached:
                on_cached(cached)
            if on_result:
                on_result(cached)
        else:
            todo.append((path, key))

    def finish(path: Path, key: str | None, result: dict[str, Any]) -> None:
        results[path] = result
        if cache is not None:
            cache.put(key, result)
        if on_result:
            on_result(result)

    keys = dict(todo)
    graded = grade_in_processes(
        [Job(path, learner_id(path, known)) for path, _ in todo], options, max(1, jobs), grade_file,
        _failed_result(options), options.hard_limit + STOP_MARGIN,
    )  # fmt: skip
    for job, result in graded:
        finish(job.path, keys[job.path], result)
    return [results[path] for path in submissions]
