"""Where grading time goes: named stages with wall and CPU seconds, recorded only when asked.

The grader marks its phases with ``with stage("kernel start", sandbox):`` (or ``start`` and
``finish`` where a ``with`` block would re-indent a loop). Nothing is recorded, and nothing read,
unless a recorder is active in the current context (``recording()``, which the benchmark uses):
then each stage keeps its start and end (stages run concurrently, so they may overlap), the
grader process's CPU meanwhile (all its threads, so concurrent stages share it), and the CPU of
the processes of the sandboxes named (their cgroup's ``cpu.stat`` ``usage_usec``, or ``cpuacct.usage``
on a v1 ``cpu,cpuacct`` mount; without either, ``/proc`` of the sandbox uid's live processes,
which includes the children they waited for). The result JSON never sees any of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Coroutine, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from autograder.sandbox import Sandbox

__all__ = ["StageRecord", "StageRecorder", "finish", "recording", "stage", "start", "timed_task"]

CGROUP = "cgroup cpu.stat"
PROC = "/proc of the sandbox uid's live processes"

T = TypeVar("T")

_active: ContextVar[StageRecorder | None] = ContextVar("autograder_stage_recorder", default=None)


@dataclass(frozen=True)
class StageRecord:
    """One stage as it ran: seconds since the recorder started, and CPU seconds meanwhile."""

    name: str
    start: float
    end: float
    grader_cpu: float  # the grader process, all threads
    sandbox_cpu: float | None  # the sandboxes named; None when none were

    @property
    def wall(self) -> float:
        return self.end - self.start


@dataclass
class StageRecorder:
    """The stages of what ran while this recorder was active, in the order they ended."""

    origin: float = field(default_factory=time.perf_counter)
    stages: list[StageRecord] = field(default_factory=list)
    cpu_sources: set[str] = field(default_factory=set)  # how sandbox CPU was read (CGROUP, PROC)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, record: StageRecord) -> None:
        with self._lock:  # the hidden tests record from their own thread
            self.stages.append(record)


@contextlib.contextmanager
def recording() -> Iterator[StageRecorder]:
    """Record the stages of everything run in this context (tasks and threads started from it too)."""
    recorder = StageRecorder()
    token = _active.set(recorder)
    try:
        yield recorder
    finally:
        _active.reset(token)


@dataclass(frozen=True)
class _Open:
    recorder: StageRecorder
    name: str
    sandboxes: tuple[Sandbox, ...]
    started: float
    grader_cpu: float
    sandbox_cpu: dict[tuple[str, str], float]


def start(name: str, *sandboxes: Sandbox) -> _Open | None:
    """Begin stage ``name`` (``None`` when no recorder is active: then ``finish`` does nothing)."""
    recorder = _active.get()
    if recorder is None:
        return None
    readings = _sandbox_cpu(recorder, sandboxes)
    return _Open(recorder, name, sandboxes, time.perf_counter(), time.process_time(), readings)


def finish(opened: _Open | None) -> None:
    """End a stage ``start`` began, and record it."""
    if opened is None:
        return
    ended, grader_cpu = time.perf_counter(), time.process_time()
    sandbox_cpu = None
    if opened.sandboxes:
        after = _sandbox_cpu(opened.recorder, opened.sandboxes)
        # A process gone since the start took its CPU along: count only what is still there.
        sandbox_cpu = sum(max(0.0, value - opened.sandbox_cpu.get(key, 0.0)) for key, value in after.items())
    origin = opened.recorder.origin
    opened.recorder.add(
        StageRecord(opened.name, opened.started - origin, ended - origin, grader_cpu - opened.grader_cpu, sandbox_cpu)
    )


@contextlib.contextmanager
def stage(name: str, *sandboxes: Sandbox) -> Iterator[None]:
    """Record the block as stage ``name`` when a recorder is active; otherwise only run it."""
    opened = start(name, *sandboxes)
    try:
        yield
    finally:
        finish(opened)


def _sandbox_cpu(recorder: StageRecorder, sandboxes: tuple[Sandbox, ...]) -> dict[tuple[str, str], float]:
    readings: dict[tuple[str, str], float] = {}
    for sandbox in sandboxes:
        group = _cgroup_cpu(sandbox)
        if group is not None:
            recorder.cpu_sources.add(CGROUP)
            readings[(CGROUP, group[0])] = group[1]
            continue
        recorder.cpu_sources.add(PROC)
        for pid in sandbox.pids():
            seconds = _process_cpu(pid)
            if seconds is not None:
                readings[(PROC, str(pid))] = seconds
    return readings


def _cgroup_cpu(sandbox: Sandbox) -> tuple[str, float] | None:
    """(the group's folder, CPU seconds its processes used), when its cgroup counts CPU."""
    for folder in sandbox.cgroup.folders if sandbox.cgroup is not None else []:
        with contextlib.suppress(OSError, ValueError):
            for line in (folder / "cpu.stat").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "usage_usec":
                    return str(folder), int(value) / 1e6
        with contextlib.suppress(OSError, ValueError):
            return str(folder), int((folder / "cpuacct.usage").read_text()) / 1e9
    return None


def _process_cpu(pid: int) -> float | None:
    """utime + stime + cutime + cstime of ``pid`` in seconds (fields 14 to 17 of proc(5))."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def timed_task(name: str, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """``asyncio.create_task(coroutine)``, the task's whole run recorded as stage ``name``."""
    return asyncio.create_task(_timed(name, coroutine))


async def _timed(name: str, coroutine: Coroutine[Any, Any, T]) -> T:
    with stage(name):
        return await coroutine
