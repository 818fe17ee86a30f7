"""Find and launch Debian's Chromium for browser tests (Playwright cannot download its own here)."""

from __future__ import annotations

import os
import shutil

# Without the background-networking flags Chromium keeps trying to reach Google's
# services; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Return the Chromium executable, or None when it is not installed."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing_chromium_message() -> str:
    return "Chromium is not installed (Debian: apt-get install chromium); browser tests need it."


def running_in_ci() -> bool:
    return os.environ.get("CI") == "true"
