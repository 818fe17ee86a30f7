"""The sandbox learner code runs in, one module per concern.

* ``mode`` -- can bubblewrap sandbox here, and is a sandbox required (CI);
* ``limits`` -- the resource limits of one sandbox;
* ``uids`` -- a uid of its own per sandbox;
* ``command`` -- ``Sandbox``: the command line (prlimit, bwrap, setpriv) and its host folder;
* ``processes`` -- a sandbox's processes, found and ended by uid;
* ``cgroups``, ``syscall_filter`` -- the cgroup and the seccomp filter each sandbox gets.

What the rest of the grader uses is importable from here.
"""

from autograder.sandbox.command import Sandbox
from autograder.sandbox.limits import SandboxLimits, limits_summary
from autograder.sandbox.mode import REQUIRE_SANDBOX, SandboxUnavailable, bwrap_problem, sandbox_mode, sandbox_required

__all__ = [
    "REQUIRE_SANDBOX",
    "Sandbox",
    "SandboxLimits",
    "SandboxUnavailable",
    "bwrap_problem",
    "limits_summary",
    "sandbox_mode",
    "sandbox_required",
]
