"""What every suite's hidden tests check of an error answer: the status and the course's JSON envelope.

The exercises answer errors as ``{"error": {"code": ..., "message": ...}}``. One copy of these
checks for all the suites, so every exercise's learners read the same words for the same mistake.
(The public tests, which learners get, keep copies of their own: they must run without the grader.)
"""

from __future__ import annotations

from typing import Any

__all__ = ["assert_error", "assert_status", "error_of"]


def error_of(response: Any) -> dict[str, Any]:
    """The ``error`` object of the JSON error envelope, or ``{}`` when the body has none."""
    body = response.get_json()
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def assert_status(response: Any, status: int, doing: str) -> None:
    """``doing`` (``"adding an item"``) got ``status``, or the failure says what came instead."""
    __tracebackhide__ = True
    assert response.status_code == status, (
        f"{doing} should answer {status}, got {response.status_code}: {response.shown_body}"
    )


def assert_error(response: Any, status: int, code: str, doing: str) -> dict[str, Any]:
    """``doing`` got ``status`` and the envelope with error ``code`` and a message; return the error."""
    __tracebackhide__ = True
    assert_status(response, status, doing)
    error = error_of(response)
    assert error, (
        f'{doing} should answer the JSON envelope {{"error": {{"code", "message"}}}}, got {response.shown_body}'
    )
    assert error.get("code") == code, (
        f"{doing} should have error code {code!r}, got {error.get('code')!r}: {response.shown_body}"
    )
    assert isinstance(error.get("message"), str) and error["message"], f"{doing} should explain itself in 'message'"
    return error
