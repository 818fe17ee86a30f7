"""Whether a sandbox can be made here, and what happens without bubblewrap: a warning, or an error in CI."""

import pytest

from autograder.sandbox import SandboxUnavailable
from autograder.sandbox import mode as sandbox_module


def test_without_bubblewrap_the_grader_warns_loudly(monkeypatch, capsys):
    """A missing bwrap is a loud warning and the 'none' mode outside CI."""
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(sandbox_module, "_warned", False)
    monkeypatch.delenv("CI", raising=False)
    assert sandbox_module.sandbox_mode() == "none"
    assert "WITHOUT a sandbox" in capsys.readouterr().err


def test_without_bubblewrap_ci_refuses_to_grade(monkeypatch):
    """In CI a missing bwrap is an error, never a silent fallback."""
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(SandboxUnavailable, match="CI"):
        sandbox_module.sandbox_mode()
