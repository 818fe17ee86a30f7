"""Tests for autograder.runtime.isolation: the fresh world each quality-check variant runs in."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.runtime import isolation
from autograder.sandbox.mode import running_in_ci


def _in_fresh_namespaces(probe) -> dict:
    """Run ``probe()`` in a forked child after ``enter_fresh_namespaces``; return what it reported."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        os.close(read_end)
        try:
            isolation.enter_fresh_namespaces(8 * 1024 * 1024)
            report = probe()
        except isolation.IsolationError as exc:
            report = {"unavailable": str(exc)}
        except BaseException as exc:  # every failure must reach the parent
            report = {"crashed": repr(exc)}
        os.write(write_end, json.dumps(report).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        raw = pipe.read()
    os.waitpid(pid, 0)
    report = json.loads(raw or b'{"crashed": "no report"}')
    if "unavailable" in report and not running_in_ci():
        pytest.skip(f"user namespaces unavailable here: {report['unavailable']}")
    return report


@pytest.fixture
def folder_in_tmp():
    """A folder directly under /tmp (where a fresh clone's virtualenv may live), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="isolation-test-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_interpreter_folders_under_tmp_stay_importable(folder_in_tmp):
    """A sys.path folder under /tmp is bound back over the fresh tmpfs, so later imports still work."""
    package = folder_in_tmp / "site"
    package.mkdir()
    (package / "kept_module.py").write_text("ANSWER = 42\n")
    (folder_in_tmp / "left_behind.txt").write_text("the worker's file\n")

    def probe() -> dict:
        sys.path.insert(0, str(package))
        # The import under test, inside the namespace, of a module this test has just written.
        import kept_module  # type: ignore[import-not-found]  # see above

        return {
            "answer": kept_module.ANSWER,
            "left_behind_visible": (folder_in_tmp / "left_behind.txt").exists(),
        }

    sys.path.insert(0, str(package))
    try:
        report = _in_fresh_namespaces(probe)
    finally:
        sys.path.remove(str(package))
    assert report == {"answer": 42, "left_behind_visible": False}, report


def test_fresh_tmp_hides_what_was_there(folder_in_tmp):
    """Outside the interpreter's folders, the fresh /tmp starts empty and is private to the child."""
    (folder_in_tmp / "secret.txt").write_text("from an earlier run\n")

    def probe() -> dict:
        Path("/tmp/written-inside.txt").write_text("mine\n")
        return {"secret_visible": (folder_in_tmp / "secret.txt").exists(), "cwd": os.getcwd()}

    report = _in_fresh_namespaces(probe)
    assert report == {"secret_visible": False, "cwd": "/tmp"}, report
    assert not Path("/tmp/written-inside.txt").exists()


def test_only_the_outermost_interpreter_folders_are_kept(monkeypatch, folder_in_tmp):
    """A venv and its site-packages under /tmp count once, by the venv; folders elsewhere not at all."""
    venv = folder_in_tmp / "venv"
    site = venv / "lib" / "site-packages"
    site.mkdir(parents=True)
    monkeypatch.setattr(sys, "prefix", str(venv))
    monkeypatch.setattr(sys, "path", [str(site), "/usr/lib/python3", "", str(folder_in_tmp / "missing")])
    assert isolation._python_paths_under("/tmp") == [os.path.realpath(venv)]
