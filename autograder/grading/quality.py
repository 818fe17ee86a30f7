"""How good are the learner's own tests? Run them under pytest against the reference app and every mutant.

Two sandboxes, each with a worker of its own (``runtime.quality_worker``): one serves the app
variants, the other runs the learner's tests, so the learner's code never shares a process (or a
uid, or a ``/tmp``) with the reference or a mutant. For each slot both workers fork a child in
fresh namespaces and the two children talk over that slot's socket. The slots are the mutants and
``REFERENCE_RUNS`` runs of the reference, shuffled together: nothing about a slot tells the tests
which app they are looking at, so only what the app answers can.

Scoring, test by test (``score_tests``):

* a test **counts** when it ran on the reference (skipped and xfailed tests do not count);
* a counted test is **kept** when it passed in every reference run; one that failed, errored,
  did not finish, or changed its outcome between runs is **left out** and named with pytest's
  message: it cannot tell a bug from a correct app;
* a mutant is **caught** when a kept test fails or errors on it (a test that hangs or crashes the
  run on a mutant counts as failing there);
* the quality share is (mutants caught ÷ mutants) × (tests kept ÷ tests counted): a left-out test
  costs its share of the credit, never the credit of the others.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograder.grading import stages
from autograder.runtime.cells import defined_tests
from autograder.runtime.pytest_run import MAX_MESSAGE, OUTCOMES
from autograder.runtime.source import PACKAGE, bootstrap_code
from autograder.runtime.text import one_line
from autograder.sandbox import Sandbox, SandboxLimits, SandboxUnavailable

__all__ = ["QualityLimits", "QualityResult", "measure_quality", "preload_modules", "score_tests"]

REFERENCE = "reference"
# Three runs at random places among the mutants: a test whose verdict is a coin toss stays in
# with probability 1/8, not 1/4, and then still costs the learner its share (see score_tests).
REFERENCE_RUNS = 3
BOOT = "import json, sys; exec(json.loads(sys.stdin.readline()))"
MAX_LINE = 8 * 1024 * 1024
NOT_RUN = "missing"


@dataclass(frozen=True)
class QualityLimits:
    variant_timeout: float = 30
    startup_timeout: float = 60
    total_timeout: float = 300
    tmp_size: int = 64 * 1024 * 1024


@dataclass
class QualityResult:
    """The ``learner_tests`` and ``mutants`` parts of a result."""

    count: int = 0  # tests that ran on the reference
    kept: int = 0  # of those, tests that passed in every reference run
    left_out: list[dict[str, str]] = field(default_factory=list)  # {"name", "message"}
    message: str = ""
    caught: dict[str, bool] = field(default_factory=dict)

    @property
    def passed_on_reference(self) -> bool:
        return self.count > 0 and self.kept == self.count

    @property
    def share_kept(self) -> float:
        return self.kept / self.count if self.count else 0.0

    @property
    def share_caught(self) -> float:
        """The part of the quality points earned: bugs caught, scaled by the tests kept."""
        if not self.kept or not self.caught:
            return 0.0
        return sum(self.caught.values()) / len(self.caught) * self.share_kept

    def learner_tests(self) -> dict[str, Any]:
        return {
            "passed_on_reference": self.passed_on_reference,
            "count": self.count,
            "kept": self.kept,
            "left_out": list(self.left_out),
            "message": self.message,
        }


def preload_modules(*sources: str) -> list[str]:
    """Top-level modules the sources import, to import once before forking (a big speed-up)."""
    names = {"flask", "werkzeug"}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return sorted(names)


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False  # pytest will say what is wrong with it
    return True


def check_run_reply(reply: Any, slot: int) -> dict[str, Any]:
    """Validate the tests worker's answer for one slot; anything unexpected is a crashed run."""
    crashed = {"collected": [], "results": [], "complete": False, "stopped": "crashed", "collection_errors": []}
    if not isinstance(reply, dict) or reply.get("slot") != slot:
        return crashed
    results = reply.get("results")
    errors = reply.get("collection_errors")
    collected = reply.get("collected", [])
    if not (
        isinstance(collected, list)
        and all(isinstance(name, str) for name in collected)
        and isinstance(results, list)
        and all(
            isinstance(r, dict)
            and isinstance(r.get("name"), str)
            and r.get("outcome") in OUTCOMES
            and isinstance(r.get("message"), str)
            and len(r["message"]) <= MAX_MESSAGE
            for r in results
        )
        and isinstance(errors, list)
        and all(isinstance(e, str) for e in errors)
        and isinstance(reply.get("complete"), bool)
    ):
        return crashed
    return {
        "collected": list(collected),
        "results": [{"name": r["name"], "outcome": r["outcome"], "message": r["message"]} for r in results],
        "complete": reply["complete"],
        "stopped": str(reply.get("stopped", ""))[:20],
        "collection_errors": [one_line(e, MAX_MESSAGE) for e in errors[:20]],
    }


def _outcomes(run: Mapping[str, Any], order: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Test name → (outcome, message) for one run; the test a stopped run was in counts as an error."""
    found = {r["name"]: (r["outcome"], r["message"]) for r in run["results"]}
    if not run["complete"] and run["stopped"] != "early":  # an early stop was the grader's doing
        why = {"timeout": "the tests did not finish in time", "flood": "the tests wrote too much"}.get(
            run["stopped"], "the test process stopped (crashed or exited) during this test"
        )
        for name in order:
            if name not in found:
                found[name] = ("error", why)
                break
    return found


def score_tests(runs: Sequence[tuple[str, Mapping[str, Any]]], mutants: Sequence[str]) -> QualityResult:
    """Score the runs (variant id, validated run) of one quality check, test by test."""
    result = QualityResult(caught=dict.fromkeys(mutants, False))
    references = [run for variant, run in runs if variant == REFERENCE]
    errors: list[str] = next((run["collection_errors"] for run in references if run["collection_errors"]), [])
    if errors:
        result.message = f"your tests cells do not load under pytest: {one_line(errors[0], 400)}"
        return result
    # Collection order, from the reference runs (tests a run never reported included).
    order: list[str] = []
    for run in references:
        for name in [*run.get("collected", []), *(r["name"] for r in run["results"])]:
            if name not in order:
                order.append(name)
    verdicts = [_outcomes(run, order) for run in references]
    kept: list[str] = []
    for name in order:
        seen = [verdict.get(name, (NOT_RUN, "the test did not run")) for verdict in verdicts]
        outcomes = {outcome for outcome, _ in seen}
        if outcomes <= {"skipped", "xfailed"}:
            continue  # it never ran on the reference: not counted, as pytest would not count it
        result.count += 1
        if outcomes == {"passed"}:
            kept.append(name)
            continue
        if len(outcomes) == 1:
            outcome, message = seen[0]
            why = (
                "the test did not run" if outcome == NOT_RUN else f"{outcome} on the correct app: {message or outcome}"
            )
        else:
            why = "its outcome changed between runs on the correct app (" + ", ".join(o for o, _ in seen) + ")"
            why += "; does it depend on the order tests run in, on time or on chance?"
        result.left_out.append({"name": name, "message": why})
    result.kept = len(kept)
    if not order:
        stopped = next((run["stopped"] for run in references if not run["complete"]), "")
        result.message = (
            "your tests could not run on the reference app: the test process stopped"
            if stopped
            else "no tests found: write test functions (or Test classes) in the cells tagged 'tests'"
        )
        return result
    if result.count == 0:
        result.message = "no tests ran: every test is skipped"
        return result
    for variant, run in runs:
        if variant == REFERENCE:
            continue
        verdict = _outcomes(run, order)
        result.caught[variant] = any(verdict.get(name, ("", ""))[0] in ("failed", "error") for name in kept)
    result.message = _summary(result)
    return result


def _summary(result: QualityResult) -> str:
    caught = sum(result.caught.values())
    if result.kept == 0:
        return (
            f"none of your {result.count} tests passed on the correct app, so they cannot tell a bug from "
            "a correct app and catch no planted bugs"
        )
    counted = f"{result.kept} of {result.count} tests" if result.left_out else _tests(result.count)
    verb = "passes" if counted == "1 test" else "pass"
    catch = "catches" if counted == "1 test" else "catch"
    text = f"{counted} {verb} on the reference app and {catch} {caught} of {len(result.caught)} planted bugs"
    if result.left_out:
        text += f"; {_tests(len(result.left_out))} left out, so you keep {result.kept}/{result.count} of that credit"
    return text


def _tests(count: int) -> str:
    return "1 test" if count == 1 else f"{count} tests"


class _Worker:
    """One sandboxed worker (``role`` apps or tests) and its line protocol."""

    def __init__(self, sandbox: Sandbox, role: str) -> None:
        self.sandbox = sandbox
        self.role = role
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, setup: Mapping[str, Any], channels: list[int], timeout: float) -> None:
        argv = self.sandbox.wrap([sys.executable, "-I", "-c", BOOT])
        with self.sandbox.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
                limit=MAX_LINE,
                start_new_session=True,
                pass_fds=channels,
            )
        boot = bootstrap_code(f"__import__('sys').modules[{PACKAGE!r}].quality_worker.serve()")
        await self.send(boot)
        await self.send({**setup, "role": self.role, "channels": channels})
        ready = await self.receive(timeout)
        if not isinstance(ready, dict) or ready.get("ready") is not True:
            problem = ready.get("problem") if isinstance(ready, dict) else None
            raise RuntimeError(f"the {self.role} worker did not start" + (f": {problem}" if problem else ""))
        self.sandbox.seal_shared_dir()

    async def send(self, message: Any) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        await self.process.stdin.drain()

    async def receive(self, timeout: float) -> Any:
        assert self.process is not None and self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            raise RuntimeError(f"the {self.role} worker stopped")
        return json.loads(line)

    async def stop(self) -> None:
        if self.process is None:
            return
        # The worker leads its own process group (start_new_session): take its children too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.process.wait(), 10)


async def measure_quality(
    tests_source: str,
    reference_source: str,
    mutants: Mapping[str, str],
    app_config: Mapping[str, Any],
    limits: QualityLimits | None = None,
    sandbox_limits: SandboxLimits | None = None,
    rng: random.Random | None = None,
) -> QualityResult:
    """Run the learner's tests on the reference runs and on each mutant (id → mutated source)."""
    limits = limits or QualityLimits()
    if not defined_tests(tests_source) and _parses(tests_source):
        result = QualityResult(caught=dict.fromkeys(mutants, False))
        result.message = "no tests found: write test functions (or Test classes) in the cells tagged 'tests'"
        return result
    order = [REFERENCE] * REFERENCE_RUNS + list(mutants)
    (rng or random.SystemRandom()).shuffle(order)
    sources = {REFERENCE: reference_source, **mutants}
    pairs = [socket.socketpair() for _ in order]
    common = {"timeout": limits.variant_timeout, "tmp_size": limits.tmp_size}
    try:
        with (
            Sandbox(sandbox_limits or SandboxLimits()) as app_box,
            Sandbox(sandbox_limits or SandboxLimits()) as tests_box,
        ):
            apps, tests = _Worker(app_box, "apps"), _Worker(tests_box, "tests")
            try:
                starting = stages.start("quality worker start", app_box, tests_box)
                await asyncio.gather(
                    # Only the reference's imports: learner code must not run in a worker.
                    apps.start(
                        {**common, "app_config": dict(app_config), "preload": preload_modules(reference_source)},
                        [a.fileno() for a, _ in pairs],
                        limits.startup_timeout,
                    ),
                    tests.start(
                        {**common, "tests": tests_source, "preload": ["flask", "werkzeug"]},
                        [b.fileno() for _, b in pairs],
                        limits.startup_timeout,
                    ),
                )
                stages.finish(starting)
            except (TimeoutError, RuntimeError, ValueError, OSError) as exc:
                # No learner code has run yet: the machine's problem, not the learner's.
                raise SandboxUnavailable(f"the quality check's sandbox did not start: {exc}") from None
            finally:
                for a, b in pairs:
                    a.close()
                    b.close()
            try:
                runs = await asyncio.wait_for(_run_all(apps, tests, order, sources, limits), limits.total_timeout)
            except TimeoutError:
                result = QualityResult(caught=dict.fromkeys(mutants, False))
                result.message = (
                    f"your tests could not be checked: they took longer than {limits.total_timeout:g} s in all"
                )
                return result
            finally:
                await asyncio.gather(apps.stop(), tests.stop())
    finally:
        for a, b in pairs:
            a.close()
            b.close()
    return score_tests(runs, list(mutants))


def _passed_every_reference_run(runs: Sequence[tuple[str, Mapping[str, Any]]]) -> set[str] | None:
    """Tests that passed in every reference run so far (``None`` before the first one)."""
    passed: set[str] | None = None
    for variant, run in runs:
        if variant != REFERENCE:
            continue
        these = {r["name"] for r in run["results"] if r["outcome"] == "passed"}
        passed = these if passed is None else passed & these
    return passed


async def _run_all(
    apps: _Worker, tests: _Worker, order: list[str], sources: Mapping[str, str], limits: QualityLimits
) -> list[tuple[str, dict[str, Any]]]:
    runs: list[tuple[str, dict[str, Any]]] = []
    for slot, variant in enumerate(order):
        # A mutant's run may stop at the first failure of a test that has passed every reference
        # run so far: the tests before it ran exactly as in a full run, and a test kept in the
        # end catches the mutant with that failure. Reference runs always run in full.
        passed = _passed_every_reference_run(runs) if variant != REFERENCE else None
        label = variant if variant == REFERENCE else f"mutant {variant}"
        run = stages.start(f"quality: {label} (slot {slot})", apps.sandbox, tests.sandbox)
        try:
            await apps.send({"slot": slot, "source": sources[variant]})
            loaded = await apps.receive(limits.variant_timeout + 10)
        except (TimeoutError, RuntimeError, ValueError, OSError) as exc:
            raise SandboxUnavailable(f"the quality check's app worker failed: {exc}") from None
        if variant == REFERENCE and not (isinstance(loaded, dict) and loaded.get("loaded") is True):
            why = loaded.get("error") if isinstance(loaded, dict) else ""
            raise SandboxUnavailable(f"the reference app did not load in the quality check's sandbox ({why})")
        try:
            await tests.send({"slot": slot})
            started = await tests.receive(limits.variant_timeout + 10)
            if started != {"slot": slot, "started": True}:
                raise RuntimeError("the tests worker did not start the run")
            await tests.send({"stop_on": sorted(passed) if passed else None})
            # The worker enforces the variant timeout itself; allow it time to report.
            reply = await tests.receive(limits.variant_timeout + 10)
        except (TimeoutError, RuntimeError, ValueError, OSError, asyncio.LimitOverrunError):
            reply = None
        runs.append((variant, check_run_reply(reply, slot)))
        stages.finish(run)
        if reply is None:
            # The tests worker is gone (killed by a test): every later slot is a crashed run.
            runs += [(later, check_run_reply(None, -1)) for later in order[slot + 1 :]]
            break
    with contextlib.suppress(Exception):
        await apps.send({"stop": True})
    return runs
