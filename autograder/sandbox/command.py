"""The sandboxed command line every piece of learner code runs under: limits, bubblewrap and a uid of its own.

A sandboxed command line is ``prlimit (limits) -- bwrap (namespaces, mounts) -- setpriv (uid) -- CMD``:

* ``prlimit`` caps address space, CPU seconds, processes, file size and open files;
* ``bwrap`` gives the process no network, its own pid namespace and a read-only view of only what
  Python needs (``/usr``, the interpreter, the virtualenv, a few files of ``/etc``) plus a private
  size-limited ``/tmp``; the course repository, the suites, the solutions and other submissions are
  simply not there;
* ``setpriv`` switches to a uid of its own (one per sandbox, so ``--nproc`` counts only this
  sandbox's processes and one fork bomb cannot starve another kernel).

Whether bubblewrap can run here, and what happens when it cannot, is ``mode``'s business; the
limits are ``limits``', the uid ``uids``', and finding the processes a sandbox left is ``processes``'.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder.sandbox import processes
from autograder.sandbox.cgroups import CgroupUnavailable, SandboxCgroup
from autograder.sandbox.limits import SandboxLimits
from autograder.sandbox.mode import SandboxUnavailable, sandbox_mode, sandbox_required, warn_once
from autograder.sandbox.syscall_filter import FilterUnavailable, write_filter
from autograder.sandbox.uids import UidLease

__all__ = ["Sandbox"]

# Joins the sandbox's cgroup and opens the seccomp filter as fd 9 for bwrap, then becomes the
# sandboxed command. Arguments: the filter file ("" for none), the number of cgroup.procs files,
# those files, the command.
JOIN = (
    "filter=$1; n=$2; shift 2; "
    'while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; '
    'if [ -n "$filter" ]; then exec 9< "$filter" || exit 125; fi; '
    'exec "$@"'
)


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


@dataclass
class Sandbox:
    """The environment for one sandboxed process tree; use as a context manager.

    ``shared_dir`` is a host folder bound read-write at the same path inside the sandbox (the
    kernel's IPC sockets and connection file live there); nothing else of the host is writable.
    """

    limits: SandboxLimits = field(default_factory=SandboxLimits)
    mode: str = field(default_factory=sandbox_mode)
    shared_dir: Path = field(init=False)
    uid: int | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        # Named after this process, so what a killed grading process leaves can be found.
        self._host_dir = Path(tempfile.mkdtemp(prefix=f"autograder-{os.getpid()}-"))
        self.shared_dir = self._host_dir / "shared"
        self.shared_dir.mkdir()
        self._lease: UidLease | None = None
        self.cgroup: SandboxCgroup | None = None
        self._filter: Path | None = None
        self._drop_root = self.mode == "bwrap" and os.geteuid() == 0
        if self._drop_root:
            self._lease = UidLease()
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
            warn_once("seccomp", f"WARNING: {exc}; sandboxes can use kernel keys to pass data between them.")
        try:
            self.cgroup = SandboxCgroup(self.limits.cgroup_limits())
        except CgroupUnavailable as exc:
            if in_ci:
                raise SandboxUnavailable(f"no cgroup for the sandbox: {exc}") from None
            warn_once("cgroup", f"WARNING: {exc}; only per-process limits apply.")

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
        """SIGSTOP every process of this sandbox except ``keep`` (see ``processes.stop_all``)."""
        if self.uid is not None:
            processes.stop_all(self.uid, keep)

    def kill_strays(self, keep: int | None = None, wait: float = 5.0) -> None:
        """SIGKILL every process of this sandbox except ``keep``, and wait until they are gone."""
        if self.uid is not None:
            processes.kill_and_wait(self.uid, keep, wait)

    def pids(self) -> list[int]:
        """Host pids of the live processes of this sandbox, oldest first (none without a uid of its own)."""
        return [] if self.uid is None else processes.pids_of_uid(self.uid)

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
