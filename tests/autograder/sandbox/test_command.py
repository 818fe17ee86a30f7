"""The sandbox: no network, none of the grader's files, nothing writable outside, not root, limits hold."""

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from autograder.sandbox import Sandbox, SandboxLimits
from autograder.sandbox.limits import GiB, MiB
from tests.autograder.builders import needs_bwrap

REPO = Path(__file__).resolve().parents[3]


def run_inside(code: str, limits: SandboxLimits | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    with Sandbox(limits or SandboxLimits()) as sandbox:
        assert sandbox.mode == "bwrap"
        return subprocess.run(
            sandbox.wrap([sys.executable, "-c", textwrap.dedent(code)]),
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip


@needs_bwrap
def test_code_inside_is_not_root():
    """Learner code runs under an unprivileged uid."""
    out = run_inside("import os; print(os.getuid(), os.getgid(), os.getgroups())")
    uid, gid, groups = out.stdout.split(" ", 2)
    assert int(uid) != 0 and int(gid) != 0 and groups.strip() == "[]"


@needs_bwrap
def test_there_is_no_network():
    """A server listening on the host's loopback cannot be reached, and names do not resolve."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        out = run_inside(f"""
            import socket
            for target in [("127.0.0.1", {port}), ("1.1.1.1", 53)]:
                try:
                    socket.create_connection(target, timeout=2)
                    print("reached", target)
                except OSError:
                    pass
            try:
                socket.getaddrinfo("pypi.org", 443)
                print("resolved")
            except OSError:
                pass
        """)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""


@needs_bwrap
def test_the_repository_suites_and_solutions_are_invisible():
    """Nothing of the course repository (suites, solutions, submissions) exists inside."""
    paths = [
        REPO / "autograder",
        REPO / "autograder" / "suites",
        REPO / "solutions",
        REPO / "exercises",
        Path(__file__),
        Path("/work"),
    ]
    # Of the home folder only the way to the interpreter (e.g. ~/.pyenv) may show.
    interpreter = Path(os.path.realpath(sys.executable))
    paths += [entry for entry in Path.home().iterdir() if not interpreter.is_relative_to(entry)]
    # A folder above the virtualenv (/work for /work/main/.venv) is only the way to it; the
    # repository's own listing is checked below.
    paths = [path for path in paths if not Path(sys.prefix).is_relative_to(path)]
    out = run_inside(f"""
        import os
        print([p for p in {[str(p) for p in paths]!r} if os.path.exists(p)])
        print(sorted(os.listdir({str(REPO)!r})) if os.path.exists({str(REPO)!r}) else [])
    """)
    hidden_paths_seen, repo_entries = out.stdout.splitlines()
    assert hidden_paths_seen == "[]"
    # The README's set-up puts the virtualenv inside the repository (.venv): the kernel needs its
    # packages, so the repository folder may exist inside, holding that virtualenv and nothing else.
    venv = Path(sys.prefix)
    allowed = [venv.relative_to(REPO).parts[0]] if venv.is_relative_to(REPO) else []
    assert repo_entries == repr(allowed)


@needs_bwrap
def test_nothing_outside_the_private_tmp_is_writable(tmp_path):
    """The interpreter, /usr and / are read-only; files in the sandbox's /tmp never reach the host."""
    out = run_inside(f"""
        import os, sys
        for folder in ["/", "/usr", sys.prefix, os.path.dirname(os.__file__), "/etc", {str(tmp_path)!r}]:
            try:
                open(os.path.join(folder, "pwned"), "w").close()
                print("wrote", folder)
            except OSError:
                pass
        open("/tmp/inside.txt", "w").write("x")
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    assert not Path("/tmp/inside.txt").exists()
    assert list(tmp_path.iterdir()) == []


@needs_bwrap
def test_the_graders_environment_does_not_leak_in(monkeypatch):
    """Environment variables of the grader (tokens, paths) are not visible inside."""
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "hunter2")
    out = run_inside("import os; print('GRADER_SECRET_TOKEN' in os.environ, os.environ['HOME'])")
    assert out.stdout.split() == ["False", "/tmp"]


@needs_bwrap
def test_memory_is_limited():
    """Allocating beyond the address-space limit raises MemoryError."""
    out = run_inside(
        """
        try:
            block = bytearray(3 * 1024**3)
            print("allocated")
        except MemoryError:
            print("MemoryError")
        """,
        SandboxLimits(address_space=1 * GiB),
    )
    assert out.stdout.strip() == "MemoryError"


@needs_bwrap
def test_the_number_of_processes_is_limited():
    """Forking beyond the process limit fails inside the sandbox."""
    out = run_inside(
        """
        import os, time
        children = 0
        try:
            for _ in range(100):
                if os.fork() == 0:
                    time.sleep(30)
                    os._exit(0)
                children += 1
        except OSError:
            pass
        print(children)
        """,
        SandboxLimits(processes=10),
    )
    assert 0 < int(out.stdout) < 10


@needs_bwrap
def test_file_size_and_tmp_space_are_limited():
    """A file beyond the size limit, or /tmp beyond its size, cannot be written."""
    out = run_inside(
        """
        import errno
        def fill(path, megabytes):
            try:
                with open(path, "wb") as f:
                    for _ in range(megabytes):
                        f.write(b"x" * 1024 * 1024)
                return "ok"
            except OSError as exc:
                return errno.errorcode[exc.errno]
        # 8 MB stops at the 4 MB file limit; 4 + 3 MB fit in /tmp, 3 more do not.
        print(fill("/tmp/big", 8), fill("/tmp/a", 3), fill("/tmp/b", 3))
        """,
        SandboxLimits(file_size=4 * MiB, tmp_size=8 * MiB),
    )
    assert out.stdout.split() == ["EFBIG", "ok", "ENOSPC"]


def test_the_fallback_still_applies_resource_limits(monkeypatch):
    """Without bwrap, learner code still runs under prlimit with a clean environment."""
    with Sandbox(SandboxLimits(address_space=1 * GiB), mode="none") as sandbox:
        argv = sandbox.wrap([sys.executable, "-c", "print(1)"])
        assert argv[0] == "prlimit" and f"--as={1 * GiB}" in argv and "bwrap" not in argv
        out = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert out.stdout == "1\n"
