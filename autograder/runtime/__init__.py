"""The fixture vocabulary (``client``, ``make_client``, ``outbox``) and learner tests under pytest.

Plain modules that work in-process (self-check, the course's local harness) and inside the
sandboxes, where the grader sends them as source (see ``autograder.runtime.source``).
"""

from .harness import BASE_CONFIG, AppHandle, AppSession, Client, build_config
from .pytest_run import RunReport, TestResult, run_pytest
from .remote import RemoteClient, RemoteOutbox, RemoteSession, RequestLog
from .wire import AppCrashed, Response

__all__ = [
    "BASE_CONFIG",
    "AppCrashed",
    "AppHandle",
    "AppSession",
    "Client",
    "RemoteClient",
    "RemoteOutbox",
    "RemoteSession",
    "RequestLog",
    "Response",
    "RunReport",
    "TestResult",
    "build_config",
    "run_pytest",
]
