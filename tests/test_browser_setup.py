"""devtools.browser finds a Chromium on every system the course supports, or says how to get one."""

import stat
from types import SimpleNamespace

import pytest

from devtools import browser


def executable(path) -> str:
    """Make ``path`` a small executable file and return it as a string."""
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def playwright_with_download(path: str) -> SimpleNamespace:
    """A stand-in for a started Playwright whose Chromium download lives at ``path``."""
    return SimpleNamespace(chromium=SimpleNamespace(executable_path=path))


@pytest.fixture
def no_system_chromium(monkeypatch, tmp_path):
    """A machine without CHROMIUM_PATH, Debian's package or a chromium on PATH."""
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", str(tmp_path / "absent"))
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)


def test_chromium_path_wins_over_everything(monkeypatch, tmp_path):
    """CHROMIUM_PATH names the browser to use, even where Debian's or Playwright's is installed."""
    chosen = executable(tmp_path / "my-chromium")
    monkeypatch.setenv("CHROMIUM_PATH", chosen)

    assert browser.chromium_path(playwright_with_download(executable(tmp_path / "download"))) == chosen


def test_playwrights_download_is_used_without_a_system_chromium(no_system_chromium, tmp_path):
    """On macOS and Windows, `playwright install chromium` is enough: its build is found in the cache."""
    download = executable(tmp_path / "chrome")

    assert browser.chromium_path() is None
    assert browser.chromium_path(playwright_with_download(download)) == download


def test_a_download_that_is_not_there_is_not_used(no_system_chromium, tmp_path):
    """Playwright names its download's path even before it is downloaded; a missing file is no browser."""
    assert browser.chromium_path(playwright_with_download(str(tmp_path / "never-downloaded"))) is None


@pytest.mark.parametrize(
    ("ci", "outcome"), [("", pytest.skip.Exception), ("true", pytest.fail.Exception)], ids=["laptop-skips", "ci-fails"]
)
def test_launch_without_any_chromium_skips_or_fails_with_the_install_commands(
    no_system_chromium, tmp_path, monkeypatch, ci, outcome
):
    """No browser at all: skipped on a laptop, failed in CI, and the message names both ways to install one."""
    monkeypatch.setenv("CI", ci)

    with pytest.raises(outcome) as raised:
        browser.launch_chromium(playwright_with_download(str(tmp_path / "never-downloaded")))

    assert "apt-get install chromium" in str(raised.value)
    assert "playwright install chromium" in str(raised.value)
