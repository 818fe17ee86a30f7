"""Start a throwaway PostgreSQL server for the test suite, and stop it again.

The server lives in a temporary folder, listens only on 127.0.0.1 at a free port
and on a private socket directory, and is deleted afterwards. PostgreSQL refuses
to run as root, so as root the server runs as the ``postgres`` system user.

Usage from the command line (prints the URL, stops on Ctrl-C)::

    python -m devtools.postgres
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

DATABASE = "course_test"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bin_dir() -> Path:
    """Return the folder holding ``initdb`` and ``pg_ctl`` (Debian keeps them off PATH)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    raise PostgresUnavailable("PostgreSQL server binaries not found (install Debian's `postgresql` package).")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextlib.contextmanager
def throwaway_server() -> Iterator[str]:
    """Run a private PostgreSQL server; yield a ``postgresql://`` URL to an empty database."""
    bin_dir = find_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="course-pg-"))
    data_dir, socket_dir = root / "data", root / "socket"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        server_user = pwd.getpwnam("postgres")
        for path in (root, socket_dir):
            os.chown(path, server_user.pw_uid, server_user.pw_gid)
        user = "postgres"
    else:
        user = pwd.getpwuid(os.geteuid()).pw_name
    port = _free_port()

    def run(tool: str, *args: str) -> None:
        subprocess.run(_as_server_user([str(bin_dir / tool), *args]), check=True, capture_output=True, text=True)

    try:
        # -N: no fsync; a test database need not survive a power cut.
        run("initdb", "-N", "-A", "trust", "-U", user, "-D", str(data_dir))
        options = f"-h 127.0.0.1 -p {port} -k {socket_dir} -c fsync=off -c full_page_writes=off"
        run("pg_ctl", "-w", "-D", str(data_dir), "-l", str(root / "server.log"), "-o", options, "start")
        try:
            run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", user, DATABASE)
            yield f"postgresql://{user}@127.0.0.1:{port}/{DATABASE}"
        finally:
            run("pg_ctl", "-w", "-D", str(data_dir), "-m", "immediate", "stop")
    except subprocess.CalledProcessError as error:
        log = root / "server.log"
        details = log.read_text() if log.exists() else ""
        raise RuntimeError(f"{error.cmd[0]} failed: {error.stderr}\n{details}") from error
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    try:
        with throwaway_server() as url:
            print(url, flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                subprocess.run(["sleep", "infinity"], check=False)
    except PostgresUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
