"""A fresh little world for one app variant: new namespaces, private /tmp, no capabilities left.

The quality check forks one child per app variant from a warm worker. For the variants to be
indistinguishable and forgetful, each child enters new user, mount, IPC, network and pid
namespaces, mounts an empty tmpfs on ``/tmp`` and ``/dev/shm``, and forks once more: the
grandchild is pid 1 of its own pid namespace, sees only its own processes in ``/proc``, and
takes every process it started with it when it ends. Nothing one variant writes, starts or
leaves in System V IPC, abstract sockets or a user keyring is there for the next.

Unprivileged user namespaces make this cost about a millisecond; bubblewrap itself needs them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["IsolationError", "enter_fresh_namespaces"]

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
LINUX_CAPABILITY_VERSION_3 = 0x20080522


class IsolationError(OSError):
    """The namespaces could not be made (no unprivileged user namespaces on this machine)."""


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise IsolationError(errno, f"{what}: {os.strerror(errno)}")


def _mount_tmpfs(libc: ctypes.CDLL, target: str, size: int) -> None:
    options = f"size={size},mode=1777".encode()
    _check(libc.mount(b"tmpfs", target.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options), f"mount tmpfs on {target}")


def _python_paths_under(top: str) -> list[str]:
    """The interpreter's own folders that lie under ``top``, outermost only (a venv in /tmp, say)."""
    found = sorted(
        {
            os.path.realpath(path)
            for path in (sys.prefix, sys.base_prefix, *sys.path)
            if path and os.path.realpath(path).startswith(top + "/") and os.path.isdir(path)
        }
    )
    return [
        path for index, path in enumerate(found) if not any(path.startswith(outer + "/") for outer in found[:index])
    ]


def _mount_tmpfs_keeping(libc: ctypes.CDLL, target: str, size: int) -> None:
    """A fresh tmpfs on ``target``, with the interpreter's folders beneath it bound back in place.

    A course checked out under /tmp has its virtualenv there; covered by the new tmpfs, every
    import not yet made would fail. The folders are held open before the tmpfs hides them and
    bound again from those handles (a bind keeps the read-only flag of the sandbox's own bind).
    """
    kept = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in _python_paths_under(target)]
    _mount_tmpfs(libc, target, size)
    for path, handle in kept:
        os.makedirs(path, mode=0o755, exist_ok=True)
        source = f"/proc/self/fd/{handle}".encode()
        _check(libc.mount(source, path.encode(), None, MS_BIND | MS_REC, None), f"bind {path} again")
        os.close(handle)


def _drop_capabilities(libc: ctypes.CDLL) -> None:
    # The new user namespace gave full capabilities inside it: with them the tests could unmount
    # the fresh /tmp and find the worker's. Give them all up before any learner code runs.
    header = _CapHeader(LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(libc.capset(ctypes.byref(header), data), "drop capabilities")


def enter_fresh_namespaces(tmp_size: int = 64 * 1024 * 1024) -> None:
    """Make this (just forked) process's world fresh; return in the grandchild that is pid 1 of it.

    The intermediate process waits for the grandchild and exits with its status, so the caller's
    ``waitpid`` and ``kill`` still work on the pid it forked. Raises ``IsolationError`` before
    anything is changed when user namespaces are not available.
    """
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    # A non-dumpable process (the workers make themselves so) may not write its own uid_map.
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID), "unshare")
    with open("/proc/self/setgroups", "w") as file:
        file.write("deny")
    with open("/proc/self/uid_map", "w") as file:
        file.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as file:
        file.write(f"{gid} {gid} 1")
    # Dumpable again is only for writing the maps: closed, no other run can read this one.
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make mounts private")
    _mount_tmpfs_keeping(libc, "/tmp", tmp_size)
    if os.path.isdir("/dev/shm"):
        _mount_tmpfs(libc, "/dev/shm", tmp_size)
    pid = os.fork()
    if pid != 0:  # the intermediate: outlive the grandchild, never run anything else
        status = 1
        try:
            _, wait_status = os.waitpid(pid, 0)
            status = os.waitstatus_to_exitcode(wait_status)
        finally:
            os._exit(status if 0 <= status < 256 else 1)
    # pid 1 of the new namespace: die with the intermediate (so a kill of the forked pid ends
    # everything), and let /proc show this namespace only.
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # (A /proc with parts covered cannot be replaced; then the old, wider view stays.)
    libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
    _drop_capabilities(libc)
    os.chdir("/tmp")
