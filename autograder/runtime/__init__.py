"""The fixture vocabulary (``client``, ``make_client``, ``outbox``) and a small test runner.

Plain modules that work in-process (self-check, the course's local harness) and inside the
sandboxed kernel, where the grader sends them as source (see ``autograder.runtime.source``).
"""

from .harness import BASE_CONFIG, AppHandle, AppSession, Client, build_config
from .runner import TestResult, collect_tests, exec_tests, run_tests
from .wire import AppCrashed, Response

__all__ = [
    "BASE_CONFIG",
    "AppCrashed",
    "AppHandle",
    "AppSession",
    "Client",
    "Response",
    "TestResult",
    "build_config",
    "collect_tests",
    "exec_tests",
    "run_tests",
]
