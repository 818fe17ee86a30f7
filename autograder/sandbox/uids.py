"""A uid of its own for each sandbox, so its process limit and its clean-up concern it alone.

The uids come from a range no real account uses; a lock file per uid keeps parallel graders,
and parallel grading processes, from ever sharing one.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

__all__ = ["UID_BASE", "UID_COUNT", "UidLease"]


# Sandbox uids come from a range no real account uses; a lock file per uid keeps parallel graders apart.
UID_BASE = 1_900_000_000


UID_COUNT = 4096


class UidLease:
    """An exclusive claim on one sandbox uid, shared across processes through lock files."""

    def __init__(self) -> None:
        lock_dir = Path(tempfile.gettempdir()) / "autograder-uid-locks"
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        start = (os.getpid() * 7) % UID_COUNT
        for offset in range(UID_COUNT):
            uid = UID_BASE + (start + offset) % UID_COUNT
            fd = os.open(lock_dir / f"{uid}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.uid = uid
            self._fd = fd
            return
        raise RuntimeError("no free sandbox uid")

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
