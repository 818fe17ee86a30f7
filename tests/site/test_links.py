"""Every link inside the built site leads somewhere."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def linkchecker() -> list[str]:
    """The linkchecker command installed next to this Python, or on PATH."""
    script = Path(sys.executable).with_name("linkchecker")
    found = str(script) if script.is_file() else shutil.which("linkchecker")
    if found is None:
        pytest.fail("linkchecker is missing: pip install -r requirements.txt")
    return [found]


@pytest.mark.e2e
@pytest.mark.slow
def test_no_internal_link_is_broken(site_url):
    """LinkChecker crawls the served site from its home page and finds no broken internal link."""
    result = subprocess.run(
        [*linkchecker(), "--no-status", "--no-warnings", site_url],
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors found" in result.stdout
