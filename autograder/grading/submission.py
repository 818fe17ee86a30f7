"""Grading one submission end to end (a batch of them is ``batch``'s work).

One submission: load the notebook; start the hidden tests' pytest thread (it waits at the gate),
the quality check (its own sandbox) and the kernel, all at once; run the notebook; open the gate;
collect the three parts into the result JSON of the contract. Nothing a submission does may stop
the grader: every failure becomes ``status: "error"`` with a reason, or a low score with messages.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from autograder.grading import aio, stages
from autograder.grading.execution import ExecutionResult, execute_notebook
from autograder.grading.hidden import AppGate, HiddenTestResult, run_hidden_tests
from autograder.grading.kernel import KernelDied, KernelStuck, SandboxedKernel
from autograder.grading.kernel_client import KernelBridge, ProxySession
from autograder.grading.options import GradeOptions
from autograder.grading.quality import QualityResult, measure_quality
from autograder.material.notebook import Submission, SubmissionError, read_notebook, tagged_source
from autograder.material.suite import Suite, SuiteError, known_exercises, load_suite
from autograder.result import GRADER_FAULT_PREFIXES, score_parts
from autograder.runtime.cells import tests_outside_the_rule
from autograder.runtime.kernel_server import SETUP_PROBLEMS
from autograder.runtime.source import KERNEL_MODULES, PACKAGE, bootstrap_code
from autograder.sandbox import Sandbox, SandboxUnavailable, sandbox_mode

UNREACHABLE = "the grader could not reach the app in the kernel"

__all__ = ["UNREACHABLE", "base_result", "grade_file", "graders_fault", "learner_id", "loaded_suite"]


_suites: dict[tuple[str, Path, Path], Suite] = {}


def loaded_suite(exercise: str, options: GradeOptions) -> Suite:
    key = (exercise, options.suites, options.solutions)
    if key not in _suites:
        _suites[key] = load_suite(exercise, options.suites, options.solutions)
    return _suites[key]


def base_result(path: Path, learner: str, exercise: str | None) -> dict[str, Any]:
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
        with stages.stage("kernel start", kernel.sandbox):
            await kernel.start()
    except (KernelDied, OSError) as exc:
        # Nothing in the notebook has run yet: this is the machine's problem, not the learner's.
        raise SandboxUnavailable(f"the sandboxed kernel did not start: {exc}") from None
    with stages.stage("notebook execution", kernel.sandbox):
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
        f"__import__('sys').modules[{PACKAGE!r}].kernel_server.install("
        f"get_ipython().user_ns, {json.dumps(suite.app_config, default=str)!r})"
    )
    try:
        sending = stages.start("runtime sent, create_app checked", kernel.sandbox)
        reply = await kernel.evaluate(bootstrap_code(modules=KERNEL_MODULES), install, timeout=options.request_timeout)
        stages.finish(sending)
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
    hidden = stages.timed_task(
        "hidden suite: pytest thread",
        asyncio.to_thread(
            run_hidden_tests,
            suite.hidden_tests,
            options.suites,
            gate,
            suite.points,
            options.startup_timeout + options.execution.total_timeout + 60,
        ),
    )
    quality = stages.timed_task(
        "quality check",
        measure_quality(
            tagged_source(submission.notebook, "tests"),
            suite.reference_source,
            suite.mutated_sources(),
            suite.app_config,
            options.quality,
            options.sandbox,
        ),
    )
    execution: ExecutionResult | None = None
    fatal = "the notebook could not be run"
    try:
        with stages.stage("sandbox start"):
            sandbox = Sandbox(options.sandbox)
        with sandbox:
            result["sandbox"] = sandbox.mode
            kernel = SandboxedKernel(sandbox, options.startup_timeout)
            try:
                execution, fatal = await _run_notebook(submission, suite, options, gate, kernel)
            finally:
                # Whatever happened, the hidden tests must stop waiting.
                gate.fail(fatal)
            try:
                with stages.stage("hidden suite: run after the gate", kernel.sandbox):
                    tests, collection_errors = await hidden
            finally:
                with stages.stage("kernel stop"):
                    await kernel.kill()
        quality_result: QualityResult = await quality
    finally:
        quality.cancel()
    if collection_errors:
        raise SuiteError(f"hidden tests of {suite.exercise!r} do not collect: {collection_errors[0]}")
    building = stages.start("result data")
    not_counted = [
        {"name": name, "cell": index + 1} for name, index in tests_outside_the_rule(submission.notebook.cells)
    ]
    _fill(result, suite, options, tests, quality_result, execution, fatal, not_counted)
    stages.finish(building)


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
    result = base_result(path, learner or learner_id(path, known), options.exercise)
    try:
        submission = read_notebook(path, exercise=options.exercise, known=known)
        result["exercise"] = submission.exercise
        suite = loaded_suite(submission.exercise, options)
        result["max_score"] = suite.max_score
        result["title"] = suite.title
        # Before anything starts: without bubblewrap in CI this raises (a grader problem).
        result["sandbox"] = sandbox_mode()
        aio.run(asyncio.wait_for(_grade(submission, suite, options, result), options.hard_limit))
    except SubmissionError as exc:
        result["reason"] = str(exc)
    except (SuiteError, SandboxUnavailable) as exc:
        graders_fault(result, f"grader problem, not yours: {exc}")
    except TimeoutError:
        graders_fault(result, f"internal grader error: grading took longer than {options.hard_limit:g} s")
    except Exception as exc:  # a grader bug must not stop the batch
        graders_fault(result, f"internal grader error: {type(exc).__name__}: {exc}")
    result["duration_s"] = round(time.monotonic() - started, 2)
    return result


def graders_fault(result: dict[str, Any], reason: str) -> None:
    """Mark ``result`` as failed by the grader itself: not graded, never cached, the command fails."""
    assert reason.startswith(GRADER_FAULT_PREFIXES), reason
    result.update(status="error", reason=reason, grader_fault=True, score=0.0, parts=None)


def learner_id(path: Path, exercises: Iterable[str] = ()) -> str:
    """``alice/shopping_cart.ipynb`` → ``alice``; ``submissions/alice.ipynb`` → ``alice``."""
    names = set(exercises) | {"submission", "notebook", "solution"}
    if path.stem in names and path.parent.name:
        return path.parent.name
    return path.stem
