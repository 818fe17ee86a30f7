"""The nox sessions a learner or instructor starts by hand pass what their tools need."""

import importlib.util
import os
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def noxfile():
    """The project's noxfile, imported once: nox refuses to register its sessions twice."""
    spec = importlib.util.spec_from_file_location("project_noxfile", REPO / "noxfile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RecordingSession:
    """Stands in for nox's session: records the commands instead of running them."""

    def __init__(self, posargs=()):
        self.posargs = list(posargs)
        self.commands: list[tuple[str, ...]] = []

    def run(self, *args, **kwargs):
        self.commands.append(args)


def lab_command(noxfile, monkeypatch, tmp_path, uid, posargs=()):
    """The JupyterLab command `nox -s lab` runs as user ``uid``, with a bundle already built."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build" / "learner" / "exercises").mkdir(parents=True)
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    session = RecordingSession(posargs)
    noxfile.lab.func(session)
    (command,) = session.commands
    return command


def test_lab_tells_jupyter_it_may_run_as_root(noxfile, monkeypatch, tmp_path):
    """In a container or Codespace running as root, JupyterLab is started with --allow-root."""
    assert "--allow-root" in lab_command(noxfile, monkeypatch, tmp_path, uid=0)


def test_lab_as_a_user_starts_jupyter_as_usual(noxfile, monkeypatch, tmp_path):
    """As an ordinary user there is no --allow-root; arguments after -- reach JupyterLab."""
    command = lab_command(noxfile, monkeypatch, tmp_path, uid=1000, posargs=["--port=8899"])

    assert "--allow-root" not in command
    assert command[-1] == "--port=8899"


def test_the_coverage_gate_and_mutmut_read_one_list_of_existing_modules(noxfile):
    """CRITICAL_CODE is pyproject's `[tool.mutmut] only_mutate`, and every file it names exists."""
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]

    assert noxfile.CRITICAL_CODE == settings["only_mutate"]
    assert all((REPO / path).is_file() for path in noxfile.CRITICAL_CODE)


def test_mutants_starts_afresh_then_reports(noxfile, monkeypatch, tmp_path):
    """`nox -s mutants` drops an earlier run's mutants/, runs mutmut on every core, then the report."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mutants" / "sample_app").mkdir(parents=True)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    session = RecordingSession()

    noxfile.mutants.func(session)

    assert not (tmp_path / "mutants").exists()
    assert [command[1:] for command in session.commands] == [
        ("-m", "mutmut", "run", "--max-children", "2"),
        ("-m", "devtools.mutants"),
    ]


def test_lint_runs_ruff_and_mypy_as_pyproject_configures_them(noxfile):
    """`nox -s lint` runs ruff check, ruff format --check and mypy, naming no paths: pyproject.toml does."""
    session = RecordingSession()

    noxfile.lint.func(session)

    assert session.commands == [
        (noxfile.PYTHON, "-m", "ruff", "check", "."),
        (noxfile.PYTHON, "-m", "ruff", "format", "--check", "."),
        (noxfile.PYTHON, "-m", "mypy"),
    ]
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert settings["ruff"]["lint"]["select"], "an explicit rule list, so a ruff release cannot change it"
    assert all((REPO / path).exists() for path in settings["mypy"]["files"])
