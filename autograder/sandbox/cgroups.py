"""A control group per sandbox: memory, CPU and process limits for its whole process tree.

Resource limits (``prlimit``) count per process, and not everything: ``RLIMIT_AS`` ignores the
pages of a ``memfd`` or of ``/dev/shm``, and twenty children each under the limit add up. A
control group counts every page its processes touch, shared memory included, across all of them.

Both cgroup layouts are supported. On v1 (one hierarchy per controller) the sandbox gets a group
under the grader's own group in each of ``memory``, ``cpu`` and ``pids``; on v2 (one unified
hierarchy) one group under the grader's, which needs those controllers delegated to it. Where
neither is possible, ``available()`` says why in a sentence, and the grader reports that only
per-process limits apply (an error under ``CI=true``).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CgroupLimits", "CgroupUnavailable", "SandboxCgroup", "available", "remove_groups_of"]

CONTROLLERS = ("memory", "cpu", "pids")
CPU_PERIOD_US = 100_000
PREFIX = "autograder-"
_counter = itertools.count(1)


class CgroupUnavailable(RuntimeError):
    """No control group can be made here; the message says why."""


@dataclass(frozen=True)
class CgroupLimits:
    """What one sandbox's processes may use together."""

    memory: int
    cpus: float
    processes: int


def _own_paths(proc_cgroup: str) -> tuple[dict[str, str], str | None]:
    """From /proc/self/cgroup: the v1 path of each controller, and the v2 path (``0::``)."""
    v1: dict[str, str] = {}
    v2 = None
    for line in proc_cgroup.splitlines():
        number, controllers, path = line.split(":", 2)
        if number == "0" and controllers == "":
            v2 = path
        for controller in controllers.split(","):
            if controller:
                v1[controller] = path
    return v1, v2


def _mounts(mountinfo: str) -> tuple[dict[str, Path], Path | None]:
    """From /proc/self/mountinfo: the v1 mount of each controller, and the v2 mount."""
    v1: dict[str, Path] = {}
    v2 = None
    for line in mountinfo.splitlines():
        before, _, after = line.partition(" - ")
        fields, extra = before.split(), after.split()
        if len(fields) < 5 or len(extra) < 3:
            continue
        if extra[0] == "cgroup2" and v2 is None:
            v2 = Path(fields[4])
        elif extra[0] == "cgroup":
            for option in extra[2].split(","):
                if option in CONTROLLERS:
                    v1[option] = Path(fields[4])
    return v1, v2


@dataclass(frozen=True)
class _Layout:
    """Where new groups go: one folder per controller on v1, one folder for all on v2."""

    version: int
    parents: dict[str, Path]


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)


def _find_layout(proc: Path = Path("/proc/self")) -> _Layout:
    try:
        own_v1, own_v2 = _own_paths((proc / "cgroup").read_text())
        mounts_v1, mount_v2 = _mounts((proc / "mountinfo").read_text())
    except (OSError, ValueError) as exc:
        raise CgroupUnavailable(f"cannot read this process's cgroups: {exc}") from None
    if all(c in mounts_v1 and c in own_v1 for c in CONTROLLERS):
        parents = {c: mounts_v1[c] / own_v1[c].lstrip("/") for c in CONTROLLERS}
        unwritable = [str(p) for p in parents.values() if not _writable(p)]
        if unwritable:
            raise CgroupUnavailable(f"cgroup v1 folders not writable by the grader: {', '.join(unwritable)}")
        return _Layout(1, parents)
    if mount_v2 is not None and own_v2 is not None:
        parent = mount_v2 / own_v2.lstrip("/")
        try:
            delegated = (parent / "cgroup.subtree_control").read_text().split()
        except OSError:
            delegated = []
        missing = [c for c in CONTROLLERS if c not in delegated]
        if missing or not _writable(parent):
            raise CgroupUnavailable(
                f"cgroup v2 group {own_v2} does not delegate {', '.join(missing) or 'write access'} to the grader "
                "(run it in a delegated scope, e.g. systemd-run --scope -p Delegate=yes)"
            )
        return _Layout(2, dict.fromkeys(CONTROLLERS, parent))
    raise CgroupUnavailable("no cgroup hierarchy with the memory, cpu and pids controllers is mounted")


def available() -> str:
    """``""`` when sandboxes can get control groups here, else the reason they cannot."""
    try:
        _find_layout()
    except CgroupUnavailable as exc:
        return str(exc)
    return ""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write(path: Path, value: str) -> None:
    path.write_text(value)


class SandboxCgroup:
    """One sandbox's control group: created with its limits, emptied and removed by ``close()``."""

    def __init__(self, limits: CgroupLimits, proc: Path = Path("/proc/self")) -> None:
        layout = _find_layout(proc)
        self.version = layout.version
        self.limits = limits
        name = f"{PREFIX}{os.getpid()}-{next(_counter)}"
        self.folders: list[Path] = []
        for parent in dict.fromkeys(layout.parents.values()):
            _sweep_stale(parent)
        try:
            for controller, parent in layout.parents.items():
                folder = parent / name
                if folder not in self.folders:
                    folder.mkdir()
                    self.folders.append(folder)
                self._apply(controller, folder)
        except OSError as exc:
            self.close()
            raise CgroupUnavailable(f"cannot set up a cgroup for the sandbox: {exc}") from None

    def _apply(self, controller: str, folder: Path) -> None:
        limits = self.limits
        quota = max(1000, int(limits.cpus * CPU_PERIOD_US))
        if self.version == 2:
            settings = {"memory": [("memory.max", str(limits.memory)), ("memory.swap.max", "0")],
                        "cpu": [("cpu.max", f"{quota} {CPU_PERIOD_US}")],
                        "pids": [("pids.max", str(limits.processes))]}[controller]  # fmt: skip
        else:
            settings = {"memory": [("memory.limit_in_bytes", str(limits.memory)),
                                   ("memory.memsw.limit_in_bytes", str(limits.memory))],
                        "cpu": [("cpu.cfs_period_us", str(CPU_PERIOD_US)), ("cpu.cfs_quota_us", str(quota))],
                        "pids": [("pids.max", str(limits.processes))]}[controller]  # fmt: skip
        for file, value in settings:
            target = folder / file
            # Without swap accounting (v1) or swap (v2) the file may be missing: memory alone holds.
            if target.name.startswith(("memory.memsw", "memory.swap")) and not target.exists():
                continue
            _write(target, value)

    @property
    def procs_files(self) -> list[Path]:
        """The files a process writes its pid to, to join every controller's group."""
        return [folder / "cgroup.procs" for folder in self.folders]

    def pids(self) -> list[int]:
        """Every process in the group (from its first controller's folder)."""
        pids: set[int] = set()
        for folder in self.folders[:1]:
            with contextlib.suppress(OSError):
                pids.update(int(line) for line in (folder / "cgroup.procs").read_text().split())
        return sorted(pids)

    def memory_limit_hit(self) -> bool:
        """Whether the group ran into its memory limit (so a killed kernel was out of memory)."""
        memory = self._memory_folder()
        if memory is None:
            return False
        try:
            if self.version == 2:
                events = dict(line.split() for line in (memory / "memory.events").read_text().splitlines())
                return int(events.get("oom_kill", 0)) > 0 or int(events.get("max", 0)) > 0
            control = dict(line.split() for line in (memory / "memory.oom_control").read_text().splitlines())
            if "oom_kill" in control:
                return int(control["oom_kill"]) > 0
            return int((memory / "memory.failcnt").read_text()) > 0
        except (OSError, ValueError):
            return False

    def peak_memory(self) -> int:
        """The most memory the group held at once, in bytes (0 when the kernel does not say)."""
        memory = self._memory_folder()
        name = "memory.peak" if self.version == 2 else "memory.max_usage_in_bytes"
        try:
            return int((memory / name).read_text()) if memory is not None else 0
        except (OSError, ValueError):
            return 0

    def _memory_folder(self) -> Path | None:
        return self.folders[0] if self.folders else None

    def kill_all(self, wait: float = 5.0) -> None:
        """SIGKILL every process in the group, and wait until the group is empty."""
        deadline = time.monotonic() + wait
        for folder in self.folders[:1]:
            kill_file = folder / "cgroup.kill"
            if self.version == 2 and kill_file.exists():
                with contextlib.suppress(OSError):
                    _write(kill_file, "1")
        while (pids := self.pids()) and time.monotonic() < deadline:
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)

    def close(self) -> None:
        """Kill what is left and remove the group's folders."""
        self.kill_all()
        for folder in self.folders:
            _remove(folder)
        self.folders = []


def _remove(folder: Path, wait: float = 2.0) -> None:
    # A group whose last process just died can stay busy for a moment.
    deadline = time.monotonic() + wait
    while True:
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError as exc:
            if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                return
            time.sleep(0.02)


def _sweep_stale(parent: Path) -> None:
    """Remove empty groups left by graders that were killed before they could clean up."""
    for folder in parent.glob(f"{PREFIX}*-*"):
        owner = folder.name[len(PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _pid_alive(int(owner)):
            _remove(folder, wait=0)


def remove_groups_of(owner: int, proc: Path = Path("/proc/self")) -> None:
    """Kill the processes of, and remove, every group that grader process ``owner`` made."""
    try:
        layout = _find_layout(proc)
    except CgroupUnavailable:
        return
    for parent in dict.fromkeys(layout.parents.values()):
        for folder in parent.glob(f"{PREFIX}{owner}-*"):
            with contextlib.suppress(OSError):
                for pid in (folder / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        os.kill(int(pid), signal.SIGKILL)
            _remove(folder)
