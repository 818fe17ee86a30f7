"""Messages cut to size: what the grader and the self-check show of text a learner's code chose.

Part of the runtime (sent as source), so the kernel, the quality worker and the grader cut text
the same way.
"""

from __future__ import annotations

__all__ = ["ELLIPSIS", "cut", "one_line"]

ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the last of them an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def one_line(text: object, limit: int) -> str:
    """``text`` on one line (every run of whitespace one space), cut to at most ``limit`` characters."""
    return cut(" ".join(str(text).split()), limit)
