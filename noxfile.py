"""One nox session per job. Run them from the README's commands, e.g. ``.venv/bin/nox -s tests``.

Every session runs in the one virtualenv the README creates (``.venv``, installed from
requirements.txt), so nothing is installed twice and a second run starts at once.
"""

import os
import sys

import nox

nox.options.default_venv_backend = "none"
nox.options.sessions = ["tests"]

PYTHON = sys.executable
IN_CI = os.environ.get("CI") == "true"


def pytest(session: nox.Session, *args: str, env: dict[str, str] | None = None) -> None:
    session.run(PYTHON, "-m", "pytest", *args, *session.posargs, env=env or {})


@nox.session
def tests(session: nox.Session) -> None:
    """The full test suite: everything on SQLite, then the sample app on PostgreSQL and with rollback isolation."""
    pytest(session, "--cov", "--cov-report=term", "--cov-report=xml")
    pytest(session, "sample_app/tests", "--db-strategy=rollback", "-m", "not e2e", "-q")

    from devtools.postgres import PostgresUnavailable, throwaway_server

    try:
        with throwaway_server() as url:
            for strategy in ("fresh", "rollback"):
                session.log(f"sample app suite on PostgreSQL, --db-strategy={strategy}")
                pytest(session, "sample_app/tests", f"--db-strategy={strategy}", "-m", "not e2e", "-q",
                       env={"DATABASE_URL": url})
    except PostgresUnavailable as error:
        if IN_CI:
            session.error(f"CI needs PostgreSQL: {error}")
        session.warn(f"Skipped the PostgreSQL runs: {error}")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the course site with every check on (fails on any warning)."""
    session.run(PYTHON, "-m", "mkdocs", "build", "--strict")


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the course site at http://127.0.0.1:8000 with live reload."""
    session.run(PYTHON, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:8000")


@nox.session
def lab(session: nox.Session) -> None:
    """Open the exercises in JupyterLab."""
    session.run(PYTHON, "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1", "--notebook-dir=exercises")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks that print ratios measured in one run (never part of the tests)."""
    session.run(PYTHON, "-m", "benchmarks.db_strategies", *session.posargs)
