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


@pytest.mark.parametrize(("euid", "sandbox_off"), [(0, True), (1000, False)], ids=["root", "user"])
def test_the_sandbox_is_switched_off_only_for_root(monkeypatch, euid, sandbox_off):
    """Chromium will not start sandboxed as root (CI's containers); anyone else keeps the sandbox."""
    monkeypatch.setattr(browser.os, "geteuid", lambda: euid, raising=False)

    assert ("--no-sandbox" in browser.chromium_flags()) is sandbox_off


def test_the_flags_keep_chromium_off_the_network():
    """No QUIC, no background calls to Google's services, no component updates, no sync."""
    for flag in ("--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        assert flag in browser.chromium_flags()


def test_launch_hands_playwright_the_found_chromium_and_the_flags(no_system_chromium, tmp_path):
    """Every browser test's Chromium is started by this one call: the executable found, the course's flags."""
    launched = []
    download = executable(tmp_path / "chrome")
    playwright = SimpleNamespace(
        chromium=SimpleNamespace(executable_path=download, launch=lambda **options: launched.append(options))
    )

    browser.launch_chromium(playwright)
    browser.launch_chromium(playwright, headless=False, slow_mo=500)

    assert launched == [
        {"executable_path": download, "args": browser.chromium_flags()},
        {
            "executable_path": download,
            "args": browser.chromium_flags(headless=False),
            "headless": False,
            "slow_mo": 500,
        },
    ]
    assert "--headless" in launched[0]["args"]
    assert "--headless" not in launched[1]["args"]
