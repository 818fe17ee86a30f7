"""Whether learner code can be sandboxed here, and what to do when it cannot.

bubblewrap may be missing, or installed yet unable to create namespaces (an unprivileged
container). Without it the grader still runs learner code under ``prlimit`` after a loud warning
and records ``sandbox: "none"``; where a sandbox is required (``CI=true``, or a grading process
told so through ``REQUIRE_SANDBOX``) it refuses instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys

__all__ = [
    "REQUIRE_SANDBOX",
    "SandboxUnavailable",
    "bwrap_problem",
    "running_in_ci",
    "sandbox_mode",
    "sandbox_required",
    "warn_once",
]


# Set for grading processes that must not run learner code unsandboxed: CI=true means that, but
# those processes run without CI (see grading.processes), so the demand travels under this name.
REQUIRE_SANDBOX = "AUTOGRADER_REQUIRE_SANDBOX"


def running_in_ci() -> bool:
    """Whether this is a CI run (``CI=true``, as GitHub Actions and most CI services set it).

    The one answer for the whole project: the grader, the dev tools and the tests ask here.
    """
    return os.environ.get("CI", "").lower() == "true"


def sandbox_required() -> bool:
    """Whether a missing sandbox (or part of one) is an error rather than a warning."""
    return running_in_ci() or os.environ.get(REQUIRE_SANDBOX) == "1"


class SandboxUnavailable(RuntimeError):
    """Raised when a sandbox is required (``CI=true``) but bubblewrap cannot run."""


@functools.cache
def _bwrap_works(bwrap: str) -> bool:
    # bwrap can be installed yet unusable (no user namespaces in an unprivileged container).
    try:
        probe = subprocess.run(
            [bwrap, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--dev", "/dev", "true"],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


_warned = False


_warned_about: set[str] = set()


def warn_once(topic: str, message: str) -> None:
    if topic not in _warned_about:
        _warned_about.add(topic)
        print(message, file=sys.stderr, flush=True)


def bwrap_problem() -> str:
    """Why bubblewrap cannot sandbox learner code here, or ``""`` when it can (installed is not enough)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed"
    if not _bwrap_works(bwrap):
        return "bubblewrap (bwrap) cannot create a sandbox here"
    return ""


def sandbox_mode() -> str:
    """``"bwrap"`` when bubblewrap works here, else ``"none"`` (after a loud warning; an error in CI)."""
    global _warned
    why = bwrap_problem()
    if not why:
        return "bwrap"
    if sandbox_required():
        raise SandboxUnavailable(f"{why}; refusing to run learner code unsandboxed in CI")
    if not _warned:
        _warned = True
        banner = "!" * 78
        print(
            f"{banner}\nWARNING: {why}.\n"
            "Learner code will run WITHOUT a sandbox: only resource limits (prlimit) apply, and it can\n"
            "read your files and use the network. Install bubblewrap (apt-get install bubblewrap).\n"
            f"{banner}",
            file=sys.stderr,
            flush=True,
        )
    return "none"
