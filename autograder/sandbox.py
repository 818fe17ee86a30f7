"""The sandbox every piece of learner code runs in: resource limits, bubblewrap and a throw-away uid.

A sandboxed command line is ``prlimit (limits) -- bwrap (namespaces, mounts) -- setpriv (uid) -- CMD``:

* ``prlimit`` caps address space, CPU seconds, processes, file size and open files;
* ``bwrap`` gives the process no network, its own pid namespace and a read-only view of only what
  Python needs (``/usr``, the interpreter, the virtualenv, a few files of ``/etc``) plus a private
  size-limited ``/tmp``; the course repository, the suites, the solutions and other submissions are
  simply not there;
* ``setpriv`` switches to a uid of its own (one per sandbox, so ``--nproc`` counts only this
  sandbox's processes and one fork bomb cannot starve another kernel).

Without bubblewrap the grader still runs learner code under ``prlimit``, warns loudly and records
``sandbox: "none"`` in every result; under ``CI=true`` a missing bubblewrap is an error instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cgroups import CgroupLimits, CgroupUnavailable, SandboxCgroup
from .cgroups import available as cgroup_problem
from .syscall_filter import FilterUnavailable, write_filter

__all__ = [
    "REQUIRE_SANDBOX",
    "Limits",
    "Sandbox",
    "SandboxUnavailable",
    "cgroup_problem",
    "limits_summary",
    "sandbox_mode",
    "sandbox_required",
]

# Joins the sandbox's cgroup and opens the seccomp filter as fd 9 for bwrap, then becomes the
# sandboxed command. Arguments: the filter file ("" for none), the number of cgroup.procs files,
# those files, the command.
JOIN = (
    "filter=$1; n=$2; shift 2; "
    'while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; '
    'if [ -n "$filter" ]; then exec 9< "$filter" || exit 125; fi; '
    'exec "$@"'
)

GiB = 1024**3
MiB = 1024**2

# Sandbox uids come from a range no real account uses; a lock file per uid keeps parallel graders apart.
UID_BASE = 1_900_000_000
UID_COUNT = 4096


# Set for grading processes that must not run learner code unsandboxed: CI=true means that, but
# those processes run without CI (see grading_process), so the demand travels under this name.
REQUIRE_SANDBOX = "AUTOGRADER_REQUIRE_SANDBOX"


def sandbox_required() -> bool:
    """Whether a missing sandbox (or part of one) is an error rather than a warning."""
    return os.environ.get("CI", "").lower() == "true" or os.environ.get(REQUIRE_SANDBOX) == "1"


class SandboxUnavailable(RuntimeError):
    """Raised when a sandbox is required (``CI=true``) but bubblewrap cannot run."""


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandboxed process tree."""

    # An idle ipykernel already reserves about 0.8 GiB of address space.
    address_space: int = 2 * GiB
    cpu_seconds: int = 600
    processes: int = 128
    file_size: int = 64 * MiB
    open_files: int = 256
    tmp_size: int = 256 * MiB
    # For the whole sandbox, in its cgroup (where the machine allows one): memory counts every
    # page its processes touch, memfd and /dev/shm included; the CPU share is a quota, in cores.
    memory: int = 768 * MiB
    cpus: float = 1.0

    def cgroup_limits(self) -> CgroupLimits:
        """The limits of the sandbox's cgroup (process count: the rlimit's, and the wrapper's few)."""
        return CgroupLimits(memory=self.memory, cpus=self.cpus, processes=self.processes + 16)

    def describe(self, cgroup_problem: str) -> str:
        """One line for the run's summary: which limits hold for each sandbox, and where.

        ``cgroup_problem`` is why sandboxes get no cgroup here (``""`` when they do).
        """
        per_process = f"per process {self.address_space // MiB} MiB address space, {self.cpu_seconds} CPU s"
        if cgroup_problem:
            return f"limits: {per_process} only (no cgroup: {cgroup_problem})"
        return (
            f"limits: {self.memory // MiB} MiB memory, {self.cpus:g} CPU, {self.cgroup_limits().processes} "
            f"processes per sandbox (cgroup); {per_process}"
        )

    def prlimit_args(self) -> list[str]:
        """The ``prlimit`` options that enforce these limits."""
        return [
            f"--as={self.address_space}",
            f"--cpu={self.cpu_seconds}",
            f"--nproc={self.processes}",
            f"--fsize={self.file_size}",
            f"--nofile={self.open_files}",
            "--core=0",
        ]


@functools.cache
def _bwrap_works(bwrap: str) -> bool:
    # bwrap can be installed yet unusable (no user namespaces in an unprivileged container).
    try:
        probe = subprocess.run(
            [bwrap, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--dev", "/dev", "true"],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


_warned = False
_warned_about: set[str] = set()


def _warn_once(topic: str, message: str) -> None:
    if topic not in _warned_about:
        _warned_about.add(topic)
        print(message, file=sys.stderr, flush=True)


def bwrap_problem() -> str:
    """Why bubblewrap cannot sandbox learner code here, or ``""`` when it can (installed is not enough)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed"
    if not _bwrap_works(bwrap):
        return "bubblewrap (bwrap) cannot create a sandbox here"
    return ""


def sandbox_mode() -> str:
    """``"bwrap"`` when bubblewrap works here, else ``"none"`` (after a loud warning; an error in CI)."""
    global _warned
    why = bwrap_problem()
    if not why:
        return "bwrap"
    if sandbox_required():
        raise SandboxUnavailable(f"{why}; refusing to run learner code unsandboxed in CI")
    if not _warned:
        _warned = True
        banner = "!" * 78
        print(
            f"{banner}\nWARNING: {why}.\n"
            "Learner code will run WITHOUT a sandbox: only resource limits (prlimit) apply, and it can\n"
            "read your files and use the network. Install bubblewrap (apt-get install bubblewrap).\n"
            f"{banner}",
            file=sys.stderr,
            flush=True,
        )
    return "none"


def limits_summary(limits: Limits) -> str:
    """The run summary's line on limits, for the sandbox mode of this machine (see ``Limits.describe``)."""
    try:
        mode = sandbox_mode()
    except SandboxUnavailable as exc:
        return f"limits: none apply, no sandbox can be made ({exc})"
    return limits.describe(cgroup_problem() if mode == "bwrap" else "there is no bubblewrap sandbox")


def _python_roots() -> list[Path]:
    """Directories the interpreter and its packages live in, as real paths, outermost first."""
    candidates = {
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.executable).parent,
        Path(os.path.realpath(sys.executable)).parent.parent,
        Path(sysconfig.get_paths()["purelib"]),
        Path(sysconfig.get_paths()["stdlib"]),
    }
    resolved = sorted({Path(os.path.realpath(path)) for path in candidates} | candidates)
    roots: list[Path] = []
    for path in resolved:
        if str(path).startswith("/usr/") or path == Path("/usr"):
            continue  # /usr is bound as a whole
        if not any(path.is_relative_to(root) for root in roots):
            roots.append(path)
    return roots


# Only the files of /etc that Python and the exercises' libraries read.
ETC_FILES = ("ld.so.cache", "localtime", "mime.types", "nsswitch.conf", "hosts", "ssl/openssl.cnf")


class _UidLease:
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


@dataclass
class Sandbox:
    """The environment for one sandboxed process tree; use as a context manager.

    ``shared_dir`` is a host folder bound read-write at the same path inside the sandbox (the
    kernel's IPC sockets and connection file live there); nothing else of the host is writable.
    """

    limits: Limits = field(default_factory=Limits)
    mode: str = field(default_factory=sandbox_mode)
    shared_dir: Path = field(init=False)
    uid: int | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        # Named after this process, so what a killed grading process leaves can be found.
        self._host_dir = Path(tempfile.mkdtemp(prefix=f"autograder-{os.getpid()}-"))
        self.shared_dir = self._host_dir / "shared"
        self.shared_dir.mkdir()
        self._lease: _UidLease | None = None
        self.cgroup: SandboxCgroup | None = None
        self._filter: Path | None = None
        self._drop_root = self.mode == "bwrap" and os.geteuid() == 0
        if self._drop_root:
            self._lease = _UidLease()
            self.uid = self._lease.uid
            os.chown(self.shared_dir, self.uid, self.uid)
            self._write_passwd()
        if self.mode == "bwrap":
            try:
                self._set_up_confinement()
            except SandboxUnavailable:
                self.close()
                raise

    def _set_up_confinement(self) -> None:
        """The seccomp filter and the cgroup; missing either is an error in CI, a warning elsewhere."""
        in_ci = sandbox_required()
        try:
            self._filter = self._host_dir / "seccomp.bpf"
            write_filter(self._filter)
        except FilterUnavailable as exc:
            self._filter = None
            if in_ci:
                raise SandboxUnavailable(f"no seccomp filter for the sandbox: {exc}") from None
            _warn_once("seccomp", f"WARNING: {exc}; sandboxes can use kernel keys to pass data between them.")
        try:
            self.cgroup = SandboxCgroup(self.limits.cgroup_limits())
        except CgroupUnavailable as exc:
            if in_ci:
                raise SandboxUnavailable(f"no cgroup for the sandbox: {exc}") from None
            _warn_once("cgroup", f"WARNING: {exc}; only per-process limits apply.")

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write_passwd(self) -> None:
        # Libraries that look the current user up (getpass, pwd) then find a harmless account.
        assert self.uid is not None
        (self._host_dir / "passwd").write_text(
            f"root:x:0:0:root:/root:/usr/sbin/nologin\nlearner:x:{self.uid}:{self.uid}:learner:/tmp:/usr/sbin/nologin\n"
        )
        (self._host_dir / "group").write_text(f"root:x:0:\nlearner:x:{self.uid}:\n")

    @property
    def env(self) -> dict[str, str]:
        """The whole environment the sandboxed process gets (nothing leaks from the grader's)."""
        home = "/tmp" if self.mode == "bwrap" else str(self._host_dir / "home")
        return {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": home,
            "TMPDIR": "/tmp" if self.mode == "bwrap" else home,
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "PYTHONUNBUFFERED": "1",
            "IPYTHONDIR": f"{home}/.ipython",
            "JUPYTER_PLATFORM_DIRS": "1",
            "MPLBACKEND": "Agg",
        }

    def wrap(self, command: list[str]) -> list[str]:
        """The full command line that runs ``command`` inside this sandbox."""
        argv = ["prlimit", *self.limits.prlimit_args(), "--"]
        if self.mode != "bwrap":
            home = self._host_dir / "home"
            home.mkdir(exist_ok=True)
            return [*argv, "env", "-i", *(f"{k}={v}" for k, v in self.env.items()), *command]
        join = ["/bin/sh", "-c", JOIN, "sandbox-join", str(self._filter or "")]
        procs = self.cgroup.procs_files if self.cgroup is not None else []
        argv = [*join, str(len(procs)), *map(str, procs), *argv, *self._bwrap_args()]
        if self._drop_root:
            assert self.uid is not None
            argv += [
                "setpriv",
                f"--reuid={self.uid}",
                f"--regid={self.uid}",
                "--clear-groups",
                "--no-new-privs",
                "--inh-caps=-all",
                "--bounding-set=-all",
                "--",
            ]
        return [*argv, *command]

    def _bwrap_args(self) -> list[str]:
        args = [
            "bwrap",
            "--unshare-net",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname", "sandbox",
            "--die-with-parent",
            "--new-session",
            *(["--seccomp", "9"] if self._filter is not None else []),
            "--clearenv",
            "--ro-bind", "/usr", "/usr",
        ]  # fmt: skip
        for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            path = Path("/") / name
            if path.is_symlink():
                args += ["--symlink", os.readlink(path), str(path)]
            elif path.is_dir():
                args += ["--ro-bind", str(path), str(path)]
        args += ["--proc", "/proc", "--dev", "/dev"]
        args += ["--perms", "1777", "--size", str(self.limits.tmp_size), "--tmpfs", "/tmp"]
        args += ["--perms", "0755", "--dir", "/etc"]
        for name in ETC_FILES:
            if (Path("/etc") / name).exists():
                args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
        if self._drop_root:
            args += ["--ro-bind", str(self._host_dir / "passwd"), "/etc/passwd"]
            args += ["--ro-bind", str(self._host_dir / "group"), "/etc/group"]
        for root in [*_python_roots(), self.shared_dir]:
            args += self._parents(root)
            mode = "--bind" if root == self.shared_dir else "--ro-bind"
            args += [mode, str(root), str(root)]
        for key, value in self.env.items():
            args += ["--setenv", key, value]
        args += ["--chdir", "/tmp", "--"]
        return args

    @staticmethod
    def _parents(path: Path) -> list[str]:
        # Parents of a bind target are created by bwrap; make them traversable by the sandbox uid
        # (the host's /root, for one, is 0700).
        args: list[str] = []
        for parent in reversed(path.parents):
            if str(parent) in ("/", "/tmp", "/usr", "/etc"):
                continue
            args += ["--perms", "0755", "--dir", str(parent)]
        return args

    @property
    def log_path(self) -> Path:
        """Where the sandboxed process's stdout and stderr go (capped by the file-size limit)."""
        return self._host_dir / "process.log"

    def log_tail(self, limit: int = 2000) -> str:
        """The end of the process log, for error messages about a sandbox that would not start."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(max(0, self.log_path.stat().st_size - limit))
                return log.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def seal_shared_dir(self) -> None:
        """Take write access to the shared folder away once the sandboxed process has set it up."""
        if self._drop_root:
            os.chown(self.shared_dir, 0, 0)
            os.chmod(self.shared_dir, 0o755)

    def stop_strays(self, keep: int | None = None) -> None:
        """SIGSTOP every process of this sandbox's uid except ``keep``.

        Stopped, a fork bomb's children use no CPU and still hold their places under the process
        limit, so the loop that forks them fails at once instead of refilling what a kill freed.
        ``kill_strays`` ends them later (SIGKILL works on stopped processes).
        """
        for pidfd in self._signal_all(signal.SIGSTOP, keep):
            os.close(pidfd)

    def kill_strays(self, keep: int | None = None, wait: float = 5.0) -> None:
        """SIGKILL every process of this sandbox's uid except ``keep``, and wait until they are gone.

        Through pidfds, so a recycled pid is never hit and the end of each process can be awaited.
        """
        poller = select.poll()
        pidfds = self._signal_all(signal.SIGKILL, keep)
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

    def _signal_all(self, sig: signal.Signals, keep: int | None) -> list[int]:
        """Send ``sig`` to every process of this sandbox's uid but ``keep``; return their pidfds."""
        if self.uid is None:
            return []
        pidfds: list[int] = []
        for pid in self.pids():
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

    def pids(self) -> list[int]:
        """Host pids of the live (not zombie) processes of this sandbox's uid, oldest first."""
        if self.uid is None:
            return []
        found: list[tuple[int, int]] = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid != self.uid:
                    continue
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[0] is the state, fields[19] the start time (fields 3 and 22 of proc(5)).
            if fields[0] != "Z":
                found.append((int(fields[19]), int(entry.name)))
        return [pid for _, pid in sorted(found)]

    def memory_limit_hit(self) -> bool:
        """Whether the sandbox's processes ran into the cgroup's memory limit."""
        return self.cgroup is not None and self.cgroup.memory_limit_hit()

    def close(self) -> None:
        """Kill whatever is left, remove the cgroup and the host folder, and give the uid back."""
        self.kill_strays()
        if self.cgroup is not None:
            self.cgroup.close()
            self.cgroup = None
        shutil.rmtree(self._host_dir, ignore_errors=True)
        if self._lease is not None:
            self._lease.release()
            self._lease = None
