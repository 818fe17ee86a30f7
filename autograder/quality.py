"""How good are the learner's own tests? Run them against the reference app and every mutant.

The learner's ``tests`` cells run in a sandboxed worker (``runtime.quality_worker``), one forked
child per app variant. Order: the reference, the mutants shuffled, the reference again. Tests must
pass on the reference both times, with the same outcomes, otherwise they score nothing (a test that
fails only on its first or second run depends on order or state). A mutant is caught when at
least one test fails or errors on it, or the tests hang or crash on it.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import os
import random
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .runtime.source import PACKAGE, bootstrap_code
from .sandbox import Limits, Sandbox, SandboxUnavailable

__all__ = ["QualityLimits", "QualityResult", "measure_quality"]

REFERENCE = "reference"
BOOT = "import json, sys; exec(json.loads(sys.stdin.readline()))"
OUTCOMES = {"passed", "failed", "error", "skipped"}
MAX_LINE = 2 * 1024 * 1024


@dataclass(frozen=True)
class QualityLimits:
    variant_timeout: float = 30
    startup_timeout: float = 60
    total_timeout: float = 300


@dataclass
class QualityResult:
    """The ``learner_tests`` and ``mutants`` parts of a result."""

    passed_on_reference: bool = False
    count: int = 0
    message: str = ""
    caught: dict[str, bool] = field(default_factory=dict)

    @property
    def share_caught(self) -> float:
        if not self.passed_on_reference or not self.caught:
            return 0.0
        return sum(self.caught.values()) / len(self.caught)

    def learner_tests(self) -> dict[str, Any]:
        return {"passed_on_reference": self.passed_on_reference, "count": self.count, "message": self.message}


def preload_modules(*sources: str) -> list[str]:
    """Top-level modules the sources import, to import once before forking (a big speed-up)."""
    names = {"flask", "werkzeug", "pytest"}
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


def _check_variant_reply(reply: Any, variant: str) -> dict[str, Any]:
    """Validate one worker line; anything unexpected is reported as the worker crashing."""
    if not isinstance(reply, dict) or reply.get("variant") != variant:
        return {"error": "the test process sent an unexpected answer"}
    if "results" in reply:
        results = reply["results"]
        if isinstance(results, list) and all(
            isinstance(r, dict)
            and isinstance(r.get("name"), str)
            and r.get("outcome") in OUTCOMES
            and isinstance(r.get("message", ""), str)
            for r in results
        ):
            return {"results": results}
        return {"error": "the test process sent an unexpected answer"}
    for key in ("tests_error", "error"):
        if isinstance(reply.get(key), str):
            return {key: reply[key][:500]}
    return {"error": "the test process sent an unexpected answer"}


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Worker:
    """The sandboxed worker process and its line protocol."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, setup: Mapping[str, Any], timeout: float) -> None:
        argv = self.sandbox.wrap([sys.executable, "-I", "-c", BOOT])
        with self.sandbox.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
                limit=MAX_LINE,
                start_new_session=True,
            )
        boot = bootstrap_code(f"__import__('sys').modules[{PACKAGE!r}].quality_worker.serve()")
        await self._send(boot)
        await self._send(setup)
        ready = await self._receive(timeout)
        if ready != {"ready": True}:
            raise RuntimeError("the test process did not start")

    async def _send(self, message: Any) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        await self.process.stdin.drain()

    async def _receive(self, timeout: float) -> Any:
        assert self.process is not None and self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            raise RuntimeError("the test process stopped")
        return json.loads(line)

    async def run(self, variant: str, source: str, timeout: float, stop_early: bool = False) -> dict[str, Any]:
        try:
            await self._send({"variant": variant, "source": source, "stop_early": stop_early})
            # The worker enforces the variant timeout itself; allow it time to report.
            reply = await self._receive(timeout + 10)
        except (TimeoutError, RuntimeError, ValueError, OSError, asyncio.LimitOverrunError):
            return {"error": "the test process stopped answering"}
        return _check_variant_reply(reply, variant)

    async def stop(self) -> None:
        if self.process is None:
            return
        # The worker leads its own process group (start_new_session): take its children too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.process.wait(), 10)


def _summarise(results: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Number of tests that ran, and a description of each one that did not pass."""
    ran = [r for r in results if r["outcome"] != "skipped"]
    problems = [f"{r['name']}: {r['message'] or r['outcome']}" for r in ran if r["outcome"] != "passed"]
    return len(ran), problems


def _caught(reply: Mapping[str, Any]) -> bool:
    if "results" not in reply:
        return True  # the tests hung or crashed on this mutant: it did not go unnoticed
    return any(r["outcome"] in ("failed", "error") for r in reply["results"])


async def measure_quality(
    tests_source: str,
    reference_source: str,
    mutants: Mapping[str, str],
    app_config: Mapping[str, Any],
    limits: QualityLimits | None = None,
    sandbox_limits: Limits | None = None,
    rng: random.Random | None = None,
) -> QualityResult:
    """Run the learner's tests on the reference and on each mutant (id → mutated source)."""
    limits = limits or QualityLimits()
    result = QualityResult(caught={mutant_id: False for mutant_id in mutants})
    if "def test" not in tests_source:
        result.message = "no tests found: write test functions in the cells tagged 'tests'"
        return result
    setup = {
        "tests": tests_source,
        "app_config": dict(app_config),
        "timeout": limits.variant_timeout,
        # Only the reference's imports: the learner's tests must not run code in the parent worker.
        "preload": preload_modules(reference_source),
    }
    with Sandbox(sandbox_limits or Limits()) as sandbox:
        worker = _Worker(sandbox)
        try:
            await worker.start(setup, limits.startup_timeout)
        except (TimeoutError, RuntimeError, ValueError, OSError) as exc:
            await worker.stop()
            # No learner code has run yet: the machine's problem, not the learner's.
            raise SandboxUnavailable(f"the quality check's sandbox did not start: {exc}") from None
        try:
            return await asyncio.wait_for(
                _run_all(worker, tests_source, reference_source, mutants, limits, rng or random.Random(), result),
                limits.total_timeout,
            )
        except (TimeoutError, RuntimeError, ValueError, OSError) as exc:
            result.passed_on_reference = False
            result.caught = {mutant_id: False for mutant_id in mutants}
            result.message = f"your tests could not be checked: {_short(str(exc)) or type(exc).__name__}"
            return result
        finally:
            await worker.stop()


async def _run_all(
    worker: _Worker,
    tests_source: str,
    reference_source: str,
    mutants: Mapping[str, str],
    limits: QualityLimits,
    rng: random.Random,
    result: QualityResult,
) -> QualityResult:
    first = await worker.run(REFERENCE, reference_source, limits.variant_timeout)
    if "tests_error" in first:
        result.message = f"your tests cells raise an error: {_short(first['tests_error'])}"
        return result
    if "results" not in first:
        result.message = f"your tests could not run on the reference app: {_short(first['error'])}"
        return result
    result.count, problems = _summarise(first["results"])
    if result.count == 0:
        result.message = "no tests ran: every test is skipped"
        return result
    if problems:
        result.message = "your tests must pass on a correct app, but some fail on the reference: " + _short(
            "; ".join(problems), 600
        )
        return result
    order = list(mutants)
    rng.shuffle(order)
    for mutant_id in order:
        reply = await worker.run(mutant_id, mutants[mutant_id], limits.variant_timeout, stop_early=True)
        result.caught[mutant_id] = _caught(reply)
    again = await worker.run(REFERENCE, reference_source, limits.variant_timeout)
    if again.get("results") != first["results"]:
        result.caught = {mutant_id: False for mutant_id in mutants}
        result.message = (
            "your tests gave different results when run again on the same correct app; "
            "do they depend on the order they run in, or on state left by an earlier run?"
        )
        return result
    result.passed_on_reference = True
    caught = sum(result.caught.values())
    tests, catch = ("test passes", "catches") if result.count == 1 else ("tests pass", "catch")
    result.message = f"{result.count} {tests} on the reference app and {catch} {caught} of {len(mutants)} planted bugs"
    return result
