"""Find and launch Chromium for browser tests: the system's own, or the one Playwright downloaded.

On Debian and Ubuntu the course uses the packaged browser (``apt-get install chromium``,
``/usr/bin/chromium``), because Playwright's own download cannot run on this kind of machine.
On macOS and Windows there is no such package: ``python -m playwright install chromium`` puts
Playwright's build in its cache, and ``chromium_path(playwright)`` finds it there.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

DEBIAN_CHROMIUM = "/usr/bin/chromium"

# The machines that run the tests have no GPU. Without the background-networking, component-update
# and sync flags Chromium keeps trying to reach Google's services; --disable-quic keeps it off UDP.
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def running_as_root() -> bool:
    """True under root (CI's containers), where Chromium refuses to start with its sandbox on."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def chromium_flags(headless: bool = True) -> list[str]:
    """The command-line flags of every Chromium the course starts, for Playwright or for Lighthouse.

    No ``--user-data-dir``: both launchers give each browser a fresh temporary profile of their own
    (Playwright refuses the flag), so no cookie, cache or setting survives from one run to the next.
    """
    flags = ["--headless"] if headless else []
    if running_as_root():
        flags.append("--no-sandbox")
    return flags + CHROMIUM_FLAGS


def chromium_path(playwright: Any = None) -> str | None:
    """Return the Chromium executable, or None when none is installed.

    ``CHROMIUM_PATH`` wins, then the system's ``chromium``; given a started Playwright, its own
    downloaded Chromium comes last.
    """
    candidates = [os.environ.get("CHROMIUM_PATH"), DEBIAN_CHROMIUM, shutil.which("chromium")]
    if playwright is not None:
        candidates.append(playwright.chromium.executable_path)
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


# --8<-- [start:launch]
def launch_chromium(playwright: Any, **options: Any) -> Any:
    """Launch Chromium with the course's flags; skip the test without one, and fail it in CI.

    ``options`` go to Playwright's ``launch()``, e.g. ``headless=False, slow_mo=500`` to watch.
    """
    import pytest

    executable = chromium_path(playwright)
    if executable is None:
        if running_in_ci():
            pytest.fail(missing_chromium_message())
        pytest.skip(missing_chromium_message())
    return playwright.chromium.launch(
        executable_path=executable, args=chromium_flags(options.get("headless", True)), **options
    )


# --8<-- [end:launch]


def missing_chromium_message() -> str:
    return (
        "Chromium is not installed; browser tests need it. Debian and Ubuntu: apt-get install chromium. "
        "macOS and Windows: python -m playwright install chromium."
    )


def running_in_ci() -> bool:
    # The grader's rule (autograder.sandbox.mode.running_in_ci), written out so that this module,
    # which lesson 14 shows whole, reads on its own.
    return os.environ.get("CI", "").lower() == "true"
