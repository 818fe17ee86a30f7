"""Finding and ending a sandbox's processes by their uid, read from ``/proc``.

Every process of a sandbox runs as that sandbox's uid (see ``uids``), so the uid finds all of
them: whatever the learner's code forked, double-forked or left behind after the kernel died.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from pathlib import Path

__all__ = ["kill_and_wait", "pids_of_uid", "stop_all"]


def pids_of_uid(uid: int) -> list[int]:
    """Host pids of the live (not zombie) processes of ``uid``, oldest first."""
    found: list[tuple[int, int]] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state, fields[19] the start time (fields 3 and 22 of proc(5)).
        if fields[0] != "Z":
            found.append((int(fields[19]), int(entry.name)))
    return [pid for _, pid in sorted(found)]


def stop_all(uid: int, keep: int | None = None) -> None:
    """SIGSTOP every process of ``uid`` except ``keep``.

    Stopped, a fork bomb's children use no CPU and still hold their places under the process
    limit, so the loop that forks them fails at once instead of refilling what a kill freed.
    ``kill_and_wait`` ends them later (SIGKILL works on stopped processes).
    """
    for pidfd in _signal_all(uid, signal.SIGSTOP, keep):
        os.close(pidfd)


def kill_and_wait(uid: int, keep: int | None = None, wait: float = 5.0) -> None:
    """SIGKILL every process of ``uid`` except ``keep``, and wait up to ``wait`` s until they are gone.

    Through pidfds, so a recycled pid is never hit and the end of each process can be awaited.
    """
    poller = select.poll()
    pidfds = _signal_all(uid, signal.SIGKILL, keep)
    for pidfd in pidfds:
        poller.register(pidfd, select.POLLIN)
    deadline = time.monotonic() + wait
    pending = set(pidfds)
    while pending and (remaining := deadline - time.monotonic()) > 0:
        for pidfd, _ in poller.poll(remaining * 1000):
            poller.unregister(pidfd)
            pending.discard(pidfd)
    for pidfd in pidfds:
        os.close(pidfd)


def _signal_all(uid: int, sig: signal.Signals, keep: int | None) -> list[int]:
    """Send ``sig`` to every process of ``uid`` but ``keep``; return their pidfds."""
    pidfds: list[int] = []
    for pid in pids_of_uid(uid):
        if pid == keep:
            continue
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            continue  # already gone
        pidfds.append(pidfd)
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(pidfd, sig)
    return pidfds
