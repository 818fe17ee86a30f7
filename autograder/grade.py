"""Grading one submission end to end, and a batch of them in parallel with a resumable cache.

One submission: load the notebook; start the hidden tests' pytest thread (it waits at the gate),
the quality check (its own sandbox) and the kernel, all at once; run the notebook; open the gate;
collect the three parts into the result JSON of the contract. Nothing a submission does may stop
the grader: every failure becomes ``status: "error"`` with a reason, or a low score with messages.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, aio
from .execute import ExecutionLimits, ExecutionResult, execute_notebook
from .grading_process import STOP_MARGIN, Job, grade_in_processes
from .hidden import AppGate, HiddenTestResult, run_hidden_tests
from .kernel import KernelDied, KernelStuck, SandboxedKernel
from .notebook import Submission, SubmissionError, read_notebook, tagged_source
from .proxy import KernelBridge, ProxySession
from .quality import QualityLimits, QualityResult, measure_quality
from .result import GRADER_FAULT_PREFIXES, score_parts, write_json_atomic
from .runtime.cells import tests_outside_the_rule
from .runtime.kernel_side import SETUP_PROBLEMS
from .runtime.source import KERNEL_MODULES, PACKAGE, bootstrap_code
from .sandbox import Limits, Sandbox, SandboxUnavailable, sandbox_mode
from .suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES, Suite, SuiteError, known_exercises, load_suite

UNREACHABLE = "the grader could not reach the app in the kernel"

__all__ = ["GradeOptions", "find_submissions", "grade_batch", "grade_file", "grade_isolated", "learner_id"]


@dataclass(frozen=True)
class GradeOptions:
    """Where the instructor material is, and every limit (small ones make the grader's tests fast)."""

    suites: Path = DEFAULT_SUITES
    solutions: Path = DEFAULT_SOLUTIONS
    exercise: str | None = None
    execution: ExecutionLimits = field(default_factory=ExecutionLimits)
    quality: QualityLimits = field(default_factory=QualityLimits)
    sandbox: Limits = field(default_factory=Limits)
    startup_timeout: float = 60
    request_timeout: float = 10
    hidden_budget: float = 300

    @property
    def hard_limit(self) -> float:
        """Seconds after which grading one submission is abandoned: only a grader bug gets there."""
        kernel_side = self.startup_timeout + self.execution.total_timeout + self.request_timeout + self.hidden_budget
        return max(kernel_side, self.quality.startup_timeout + self.quality.total_timeout) + 60

    def digest(self) -> str:
        """What results depend on besides the files: the limits (paths do not matter)."""
        data = asdict(self)
        for key in ("suites", "solutions"):
            data.pop(key)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def learner_id(path: Path, exercises: Iterable[str] = ()) -> str:
    """``alice/shopping_cart.ipynb`` → ``alice``; ``submissions/alice.ipynb`` → ``alice``."""
    names = set(exercises) | {"submission", "notebook", "solution"}
    if path.stem in names and path.parent.name:
        return path.parent.name
    return path.stem


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


# --- one submission -------------------------------------------------------------------------

_suites: dict[tuple[str, Path, Path], Suite] = {}


def _suite(exercise: str, options: GradeOptions) -> Suite:
    key = (exercise, options.suites, options.solutions)
    if key not in _suites:
        _suites[key] = load_suite(exercise, options.suites, options.solutions)
    return _suites[key]


def _base_result(path: Path, learner: str, exercise: str | None) -> dict[str, Any]:
    return {
        "path": str(path),
        "learner": learner,
        "exercise": exercise,
        "title": None,
        "status": "error",
        "reason": "",
        "grader_fault": False,
        "score": 0.0,
        "max_score": 0.0,
        "parts": None,
        "tests": [],
        "mutants": [],
        "learner_tests": {
            "passed_on_reference": False,
            "count": 0,
            "kept": 0,
            "left_out": [],
            "not_counted": [],
            "message": "",
        },
        "cells": [],
        "output_cut": {"cells": [], "per_cell_bytes": 0, "per_notebook_bytes": 0},
        "duration_s": 0.0,
        "sandbox": "none",
    }


async def _run_notebook(
    submission: Submission, suite: Suite, options: GradeOptions, gate: AppGate, kernel: SandboxedKernel
) -> tuple[ExecutionResult, str]:
    """Start the kernel, run the notebook and open the gate; return the execution and a fatal reason."""
    try:
        await kernel.start()
    except (KernelDied, OSError) as exc:
        # Nothing in the notebook has run yet: this is the machine's problem, not the learner's.
        raise SandboxUnavailable(f"the sandboxed kernel did not start: {exc}") from None
    execution = await execute_notebook(submission.notebook, kernel, options.execution)
    if not execution.kernel_alive:
        if kernel.sandbox.memory_limit_hit():
            limit = kernel.sandbox.limits.memory // 2**20
            return execution, (
                f"the notebook used more than {limit} MiB of memory (everything it starts counts), "
                "so its kernel was stopped and the app could not be tested"
            )
        return execution, "the kernel stopped while the notebook ran, so the app could not be tested"
    install = (
        f"__import__('sys').modules[{PACKAGE!r}].kernel_side.install("
        f"get_ipython().user_ns, {json.dumps(suite.app_config, default=str)!r})"
    )
    try:
        reply = await kernel.evaluate(bootstrap_code(modules=KERNEL_MODULES), install, timeout=options.request_timeout)
    except (KernelDied, KernelStuck, TimeoutError, RuntimeError):
        # The kernel's error text is the notebook's to choose: the reason is the grader's sentence.
        return execution, UNREACHABLE
    if not isinstance(reply, dict) or "ok" not in reply:
        message = reply.get("message") if isinstance(reply, dict) else None
        # Only the kernel side's own fixed sentences are passed on, never other text.
        return execution, message if message in SETUP_PROBLEMS else UNREACHABLE
    bridge = KernelBridge(kernel, asyncio.get_running_loop(), options.request_timeout, options.hidden_budget)
    gate.open(lambda: ProxySession(bridge))
    return execution, ""


async def _grade(submission: Submission, suite: Suite, options: GradeOptions, result: dict[str, Any]) -> None:
    gate = AppGate()
    hidden = asyncio.create_task(
        asyncio.to_thread(
            run_hidden_tests,
            suite.hidden_tests,
            options.suites,
            gate,
            suite.points,
            options.startup_timeout + options.execution.total_timeout + 60,
        )
    )
    quality = asyncio.create_task(
        measure_quality(
            tagged_source(submission.notebook, "tests"),
            suite.reference_source,
            suite.mutated_sources(),
            suite.app_config,
            options.quality,
            options.sandbox,
        )
    )
    execution: ExecutionResult | None = None
    fatal = "the notebook could not be run"
    try:
        with Sandbox(options.sandbox) as sandbox:
            result["sandbox"] = sandbox.mode
            kernel = SandboxedKernel(sandbox, options.startup_timeout)
            try:
                execution, fatal = await _run_notebook(submission, suite, options, gate, kernel)
            finally:
                # Whatever happened, the hidden tests must stop waiting.
                gate.fail(fatal)
            try:
                tests, collection_errors = await hidden
            finally:
                await kernel.kill()
        quality_result: QualityResult = await quality
    finally:
        quality.cancel()
    if collection_errors:
        raise SuiteError(f"hidden tests of {suite.exercise!r} do not collect: {collection_errors[0]}")
    not_counted = [
        {"name": name, "cell": index + 1} for name, index in tests_outside_the_rule(submission.notebook.cells)
    ]
    _fill(result, suite, options, tests, quality_result, execution, fatal, not_counted)


def _fill(
    result: dict[str, Any],
    suite: Suite,
    options: GradeOptions,
    tests: list[HiddenTestResult],
    quality: QualityResult,
    execution: ExecutionResult | None,
    fatal: str,
    not_counted: list[dict[str, Any]],
) -> None:
    possible = sum(test.max_points for test in tests)
    earned = sum(test.points for test in tests)
    spec_score = suite.spec_points * earned / possible if possible else 0.0
    quality_score = suite.quality_points * quality.share_caught
    result.update(
        status="graded",
        reason=fatal,
        **score_parts(spec_score, quality_score, spec_points=suite.spec_points, quality_points=suite.quality_points),
        max_score=suite.max_score,
        tests=[test.to_dict() for test in tests],
        mutants=[
            {"id": m.id, "description": m.description, "caught": quality.caught.get(m.id, False)} for m in suite.mutants
        ],
        learner_tests={**quality.learner_tests(), "not_counted": not_counted},
        cells=[error.to_dict() for error in execution.errors] if execution else [],
        output_cut={
            "cells": execution.truncated_cells if execution else [],
            "per_cell_bytes": options.execution.output_bytes_per_cell,
            "per_notebook_bytes": options.execution.output_bytes_per_notebook,
        },
    )


def grade_file(path: str | Path, options: GradeOptions | None = None, learner: str | None = None) -> dict[str, Any]:
    """Grade one notebook and return its result dict; never raises for anything the notebook does."""
    options = options or GradeOptions()
    path = Path(path)
    started = time.monotonic()
    known = known_exercises(options.suites)
    result = _base_result(path, learner or learner_id(path, known), options.exercise)
    try:
        submission = read_notebook(path, exercise=options.exercise, known=known)
        result["exercise"] = submission.exercise
        suite = _suite(submission.exercise, options)
        result["max_score"] = suite.max_score
        result["title"] = suite.title
        # Before anything starts: without bubblewrap in CI this raises (a grader problem).
        result["sandbox"] = sandbox_mode()
        aio.run(asyncio.wait_for(_grade(submission, suite, options, result), options.hard_limit))
    except SubmissionError as exc:
        result["reason"] = str(exc)
    except (SuiteError, SandboxUnavailable) as exc:
        _graders_fault(result, f"grader problem, not yours: {exc}")
    except TimeoutError:
        _graders_fault(result, f"internal grader error: grading took longer than {options.hard_limit:g} s")
    except Exception as exc:  # a grader bug must not stop the batch
        _graders_fault(result, f"internal grader error: {type(exc).__name__}: {exc}")
    result["duration_s"] = round(time.monotonic() - started, 2)
    return result


def _graders_fault(result: dict[str, Any], reason: str) -> None:
    """Mark ``result`` as failed by the grader itself: not graded, never cached, the command fails."""
    assert reason.startswith(GRADER_FAULT_PREFIXES), reason
    result.update(status="error", reason=reason, grader_fault=True, score=0.0, parts=None)


# --- many submissions -----------------------------------------------------------------------


class ResultCache:
    """Results keyed by hash(submission bytes, suite files, reference notebook, limits, grader version)."""

    def __init__(self, directory: Path, options: GradeOptions) -> None:
        self.directory = directory
        self.options = options
        self._options_digest = options.digest()

    def key(self, path: Path) -> str | None:
        try:
            # read_notebook refuses links, so nothing but the submission itself is read.
            submission = read_notebook(path, exercise=self.options.exercise)
            suite_digest = _suite(submission.exercise, self.options).digest
        except (OSError, SubmissionError, SuiteError):
            return None  # unreadable or ungradable: grading is instant anyway
        digest = hashlib.sha256()
        for part in (
            __version__.encode(),
            self._options_digest.encode(),
            suite_digest.encode(),
            submission.digest.encode(),
        ):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def get(self, key: str | None) -> dict[str, Any] | None:
        if key is None:
            return None
        try:
            return json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str | None, result: dict[str, Any]) -> None:
        # Grader problems are not cached: fixing the suite or the machine should regrade.
        if key is not None and not result.get("grader_fault"):
            write_json_atomic(self.directory / f"{key}.json", result)


def _failed_result(options: GradeOptions) -> Callable[[Job, str], dict[str, Any]]:
    def failed(job: Job, outcome: str) -> dict[str, Any]:
        result = _base_result(job.path, job.learner, options.exercise)
        if outcome == "stopped":
            limit = options.hard_limit + STOP_MARGIN
            _graders_fault(result, f"internal grader error: grading took longer than {limit:g} s and was stopped")
        else:
            _graders_fault(result, "internal grader error: the grading process crashed on this submission")
        return result

    return failed


def grade_isolated(path: Path, options: GradeOptions, learner: str) -> dict[str, Any]:
    """``grade_file`` in a process of its own (see ``grading_process``): what a batch does for each."""
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
