"""The sandboxed sides of the test-quality check: one worker serves app variants, another runs tests.

The grader starts two sandboxed Python processes, each with its own uid, and sends each this
package as source and a setup line:

* the **apps** worker (``role: "apps"``) holds the reference and mutant sources: for each slot it
  forks a child that loads that slot's variant and answers ``kernel_server.Server`` calls on the
  slot's socket;
* the **tests** worker (``role: "tests"``) holds the learner's tests and nothing else: for each
  slot it forks a child that runs them under pytest (``pytest_run``), its ``client`` fixtures
  speaking to the same slot's socket (``remote.ChannelBridge``), and streams one result per test.

The grader made one socket pair per slot and passed the two ends to the two workers. Each child
starts as a copy of a worker that never ran learner code (pytest, Flask and the app's imports
loaded once), sees its slot's socket as fd 3 whatever the slot, and enters fresh namespaces
(``isolation``): a variant cannot tell which slot it is, and finds nothing an earlier one left.
The workers' protocol streams are out of the children's reach: the children get ``/dev/null``
as stdio, and the workers make themselves non-dumpable (no ``/proc/<pid>/fd`` or ``mem``).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import importlib
import json
import os
import select
import signal
import socket
import sys
import time
from typing import Any, TextIO

from .harness import load_app
from .isolation import IsolationError, enter_fresh_namespaces
from .kernel_server import Server
from .lazy_urls import install as install_lazy_url_builders
from .pytest_run import MAX_MESSAGE, PreparedRun, no_session, run_pytest
from .remote import ChannelBridge, RemoteSession, serve_channel

__all__ = ["serve"]

CHANNEL_FD = 3
RESULTS_FD = 4
MAX_RESULTS = 2000
MAX_CHILD_OUTPUT = 4 * 1024 * 1024
PR_SET_DUMPABLE = 4
TESTS_FILE = "test_yours.py"
WARM_UP = {"test_warm_up.py": "def test_warm_up():\n    assert 1 + 1 == 2\n"}


def _detach_stdio() -> TextIO:
    """Keep a private copy of stdout for the protocol; point fds 1 and 2 at /dev/null."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    return protocol


def _as_child(channel: int, keep: int | None = None) -> None:
    """In a forked child: the slot's socket as fd 3 (``keep`` as fd 4), every other fd closed."""
    os.dup2(channel, CHANNEL_FD)
    if keep is not None:
        os.dup2(keep, RESULTS_FD)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(RESULTS_FD + 1 if keep is not None else CHANNEL_FD + 1, 65536)
    # A group of its own, so the worker can end the child with everything it started.
    os.setpgid(0, 0)


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


class _UnloadableApp:
    """Stands in for a variant whose source does not load: every call says so."""

    def call(self, request: object) -> dict[str, Any]:
        return {"error": "app", "message": "the app could not be loaded"}


# --- the apps worker --------------------------------------------------------------------------


def _serve_one_app(source: str, app_config: dict[str, Any], status_fd: int, tmp_size: int) -> None:
    try:
        enter_fresh_namespaces(tmp_size)
    except OSError as exc:
        os.write(status_fd, f"error isolation: {exc}\n".encode())
        return
    try:
        module = load_app(source)
        create_app = module.create_app
        server: Any = Server(create_app, app_config)
        status = b"loaded\n"
    except BaseException as exc:  # the variant itself is broken: every call fails
        server = _UnloadableApp()
        status = f"error {type(exc).__name__}\n".encode()
    os.write(status_fd, status)
    os.close(status_fd)
    serve_channel(server, socket.socket(fileno=CHANNEL_FD))


def _serve_apps(setup: dict[str, Any], stdin: TextIO, protocol: TextIO) -> None:
    channels: list[int] = setup["channels"]
    running: int | None = None
    for line in stdin:
        job = json.loads(line)
        _kill(running)
        running = None
        if job.get("stop"):
            continue
        slot = int(job["slot"])
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_end)
                _as_child(channels[slot], keep=write_end)
                _serve_one_app(job["source"], setup["app_config"], RESULTS_FD, setup["tmp_size"])
            finally:
                os._exit(0)
        running = pid
        os.close(write_end)
        os.close(channels[slot])
        ready, _, _ = select.select([read_end], [], [], setup["timeout"])
        status = os.read(read_end, 200).decode(errors="replace").strip() if ready else ""
        os.close(read_end)
        reply = {
            "slot": slot,
            "loaded": status == "loaded",
            "error": "" if status == "loaded" else status or "no answer",
        }
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()
    _kill(running)


# --- the tests worker -------------------------------------------------------------------------


def _run_one_test_session(prepared: PreparedRun, tmp_size: int) -> None:
    enter_fresh_namespaces(tmp_size)
    out = os.fdopen(RESULTS_FD, "w", encoding="utf-8")
    bridge = ChannelBridge(socket.socket(fileno=CHANNEL_FD))

    def send(item: dict[str, Any]) -> None:
        out.write(json.dumps(item) + "\n")
        out.flush()

    # No clean-up afterwards: this process ends as soon as the closing line is out.
    report = prepared.run(
        lambda: RemoteSession(bridge),
        unconfigure=False,
        on_result=lambda result: send({"result": result.to_dict()}),
        on_collected=lambda names: send({"collected": names[:MAX_RESULTS]}),
    )
    out.write(json.dumps({"done": {"collection_errors": report.collection_errors[:20]}}) + "\n")
    out.flush()


def _read_stream(
    read_end: int, deadline: float, stop_on: set[str]
) -> tuple[list[str], list[dict[str, Any]], dict[str, Any] | None, str]:
    """The child's lines until it closes the pipe: tests collected, results, the closing line, why it stopped.

    A failure or error of a test named in ``stop_on`` ends the reading at once ("early").
    """
    buffer = b""
    collected: list[str] = []
    results: list[dict[str, Any]] = []
    done: dict[str, Any] | None = None
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return collected, results, done, "timeout"
        ready, _, _ = select.select([read_end], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_end, 65536)
        if not chunk:
            return collected, results, done, "" if done is not None else "crashed"
        size += len(chunk)
        if size > MAX_CHILD_OUTPUT:
            return collected, results, done, "flood"
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            try:
                item = json.loads(line)
            except ValueError:
                return collected, results, done, "garbled"
            if isinstance(item, dict) and isinstance(item.get("collected"), list) and not collected:
                collected = [str(name)[:300] for name in item["collected"][:MAX_RESULTS]]
            elif isinstance(item, dict) and isinstance(item.get("result"), dict) and len(results) < MAX_RESULTS:
                results.append(_clean_result(item["result"]))
                if results[-1]["outcome"] in ("failed", "error") and results[-1]["name"] in stop_on:
                    return collected, results, done, "early"
            elif isinstance(item, dict) and isinstance(item.get("done"), dict):
                done = item["done"]


def _clean_result(raw: dict[str, Any]) -> dict[str, str]:
    # The child ran learner code: keep only the fields the grader reads, as bounded strings.
    return {
        "name": str(raw.get("name", ""))[:300],
        "outcome": str(raw.get("outcome", "")),
        "message": str(raw.get("message", ""))[:MAX_MESSAGE],
    }


def _zygote(prepared: PreparedRun, channels: list[int], tmp_size: int, commands: socket.socket) -> None:
    """Fork one test run per slot number received; send back its result pipe and a pidfd.

    The zygote is forked from the worker before the first run and never hears anything but slot
    numbers, so every run starts from the same memory: no earlier run's results, no stop policy
    and no variant can be read from what the zygote holds (the worker, which does hold them,
    is never forked again).
    """
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the runs are reaped by the kernel
    rewritten = False
    reader = commands.makefile("rb")
    while line := reader.readline():
        slot = int(line)
        if not rewritten:
            # Here rather than before "ready": should compiling the learner's module take
            # forever, the first run times out as the learner's, not as the grader's problem.
            prepared.rewrite_ahead()
            gc.freeze()
            rewritten = True
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_end)
                commands.close()
                _as_child(channels[slot], keep=write_end)
                _run_one_test_session(prepared, tmp_size)
            finally:
                os._exit(0)
        os.close(write_end)
        os.close(channels[slot])
        pidfd = os.pidfd_open(pid)
        socket.send_fds(commands, [str(pid).encode()], [read_end, pidfd])
        os.close(read_end)
        os.close(pidfd)


def _start_zygote(prepared: PreparedRun, channels: list[int], tmp_size: int) -> socket.socket:
    ours, theirs = socket.socketpair()
    if os.fork() == 0:
        try:
            ours.close()
            _zygote(prepared, channels, tmp_size, theirs)
        finally:
            os._exit(0)
    theirs.close()
    for fd in channels:
        os.close(fd)  # the zygote has them; the worker never needs them
    return ours


def _serve_tests(setup: dict[str, Any], prepared: PreparedRun, stdin: TextIO, protocol: TextIO) -> None:
    zygote = _start_zygote(prepared, setup["channels"], setup["tmp_size"])
    while line := stdin.readline():
        slot = int(json.loads(line)["slot"])
        zygote.sendall(f"{slot}\n".encode())
        message, fds, _, _ = socket.recv_fds(zygote, 16, 2)
        if len(fds) != 2:
            return  # the zygote is gone: the grader sees the worker stop
        read_end, pidfd = fds
        group = int(message)  # the run leads its own process group
        # Only now, with the run forked, may the worker hear whether this run may stop at a
        # failure: a mutant's run may, a reference run never does, and the run must not know.
        protocol.write(json.dumps({"slot": slot, "started": True}) + "\n")
        protocol.flush()
        policy = json.loads(stdin.readline() or "{}")
        stop_on = {str(name) for name in policy.get("stop_on") or []} if isinstance(policy, dict) else set()
        collected, results, done, stopped = _read_stream(read_end, time.monotonic() + setup["timeout"], stop_on)
        os.close(read_end)
        # The group holds the run and its pid-1 grandchild, which also dies with its parent.
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        os.close(pidfd)
        errors = done.get("collection_errors", []) if done else []
        reply = {
            "slot": slot,
            "collected": collected,
            "results": results,
            "complete": not stopped,
            "stopped": stopped,
            "collection_errors": [str(error)[:MAX_MESSAGE] for error in errors][:20]
            if isinstance(errors, list)
            else [],
        }
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()


# --- both -------------------------------------------------------------------------------------


def _check_isolation(tmp_size: int) -> str:
    """Try the namespaces once in a throw-away child: "" when they work, else why not."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            enter_fresh_namespaces(tmp_size)
        except IsolationError:
            code = 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return "" if os.waitstatus_to_exitcode(status) == 0 else "user namespaces are not available"


def _park_channels(channels: list[int]) -> list[int]:
    """Move the inherited channel fds out of the way, and keep fds 3 and 4 taken.

    A child puts its channel on fd 3 and its result pipe on fd 4; neither may already be in
    use by a channel or land on a new pipe, or one ``dup2`` would overwrite the other.
    """
    parked = []
    for fd in channels:
        parked.append(fcntl.fcntl(fd, fcntl.F_DUPFD, 16))
        os.close(fd)
    for fd in (CHANNEL_FD, RESULTS_FD):
        with contextlib.suppress(OSError):
            os.fstat(fd)
            continue
        placeholder = os.open(os.devnull, os.O_RDONLY)
        if placeholder != fd:
            os.dup2(placeholder, fd)
            os.close(placeholder)
    return parked


def serve(stdin: TextIO | None = None) -> None:
    """Read the setup line, warm up, then answer job after job until stdin closes."""
    stdin = stdin or sys.stdin
    protocol = _detach_stdio()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    setup = json.loads(stdin.readline())
    setup["channels"] = _park_channels(setup["channels"])
    for name in setup.get("preload", []):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    prepared = None
    if setup["role"] == "apps":
        install_lazy_url_builders()
    else:
        # Import everything a pytest run needs once, here, so that each forked run is warm, and
        # build the run's configuration (the learner's module is only imported in the children).
        run_pytest(WARM_UP, no_session, "/tmp/warm-up")
        prepared = PreparedRun({TESTS_FILE: setup["tests"]}, "/tmp/tests")
    problem = _check_isolation(setup["tmp_size"])
    # Objects alive now are shared with every child; the collector need not look at them again.
    gc.freeze()
    protocol.write(json.dumps({"ready": not problem, "problem": problem}) + "\n")
    protocol.flush()
    if problem:
        return
    if prepared is None:
        _serve_apps(setup, stdin, protocol)
    else:
        _serve_tests(setup, prepared, stdin, protocol)
