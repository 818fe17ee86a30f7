"""The sandboxed side of the test-quality check: run learner tests against one app variant at a time.

The grader starts a sandboxed Python process, sends it this package as source, then one JSON line
per app variant (the reference, the mutants in random order, the reference again). Each variant
runs in a forked child, so nothing a test does in memory survives into the next variant, and a
hanging or crashing variant only loses its own result. Learner code never sees the protocol
streams: the children get ``/dev/null`` as stdin/stdout/stderr, and this process makes itself
non-dumpable so that ``/proc/<pid>/fd`` cannot be used to reach its streams either.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import select
import signal
import sys
import tempfile
import time
from typing import Any, TextIO

from .harness import load_app
from .runner import collect_tests, exec_tests, run_test

__all__ = ["serve"]

MAX_CHILD_REPLY = 1024 * 1024
PR_SET_DUMPABLE = 4


def _detach_stdio() -> TextIO:
    """Keep a private copy of stdout for the protocol; point fds 1 and 2 at /dev/null."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    return protocol


def _run_child(source: str, tests: str, app_config: dict[str, Any], stop_early: bool) -> dict[str, Any]:
    try:
        module = load_app(source)
    except BaseException as exc:  # the variant itself is broken: every test "fails"
        return {"error": f"the app could not be loaded: {type(exc).__name__}: {exc}"}
    create_app = getattr(module, "create_app", None)
    if create_app is None:
        return {"error": "the app source defines no create_app"}
    try:
        namespace = exec_tests(tests)
    except BaseException as exc:
        return {"tests_error": f"{type(exc).__name__}: {exc}"}
    results = []
    for case in collect_tests(namespace):
        result = run_test(case, create_app, app_config)
        results.append(result.to_dict())
        if stop_early and result.outcome in ("failed", "error"):
            break  # one failing test is enough to catch a mutant
    return {"results": results}


def _run_variant(
    source: str, tests: str, app_config: dict[str, Any], stop_early: bool, timeout: float, protocol_fd: int
) -> dict[str, Any]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: learner code runs here
        try:
            # A group of its own, so that whatever the tests start dies with the variant.
            os.setpgid(0, 0)
            os.close(read_end)
            os.close(protocol_fd)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.chdir(tempfile.mkdtemp(prefix="variant-"))
            payload = json.dumps(_run_child(source, tests, app_config, stop_early)).encode()
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view) :]
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([read_end], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_CHILD_REPLY:
            break
        chunks.append(chunk)
    os.close(read_end)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)  # in case it never got to setpgid
    os.waitpid(pid, 0)
    if timed_out:
        return {"error": f"the tests did not finish within {timeout:g} s"}
    try:
        reply = json.loads(b"".join(chunks))
    except ValueError:
        return {"error": "the tests crashed the test process"}
    return reply if isinstance(reply, dict) else {"error": "the tests crashed the test process"}


def serve(stdin: TextIO | None = None) -> None:
    """Answer variant after variant until stdin closes."""
    stdin = stdin or sys.stdin
    protocol = _detach_stdio()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    setup = json.loads(stdin.readline())
    for name in setup.get("preload", []):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    protocol.write(json.dumps({"ready": True}) + "\n")
    protocol.flush()
    for line in stdin:
        job = json.loads(line)
        result = _run_variant(
            job["source"], setup["tests"], setup["app_config"], bool(job.get("stop_early")), setup["timeout"], protocol.fileno()
        )
        protocol.write(json.dumps({"variant": job["variant"], **result}) + "\n")
        protocol.flush()
