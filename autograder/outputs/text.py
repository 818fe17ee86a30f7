"""Sentences and cuts every output shares: the feedback page, the class report and Gradescope."""

from __future__ import annotations

from collections.abc import Mapping

from autograder.result import Result

__all__ = ["MAX_MESSAGE_CHARS", "output_cut_note", "shorten"]


# A message quotes what the learner's app answered, which may be megabytes: the page keeps the start.
MAX_MESSAGE_CHARS = 2_000


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying so when it was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… ({len(text) - limit:,} more characters not shown)"


def output_cut_note(result: Mapping | Result) -> str:
    """The sentence telling a learner which cells' output the grader cut (``""`` when none was)."""
    cut = Result.of(result).output_cut
    numbers = [int(index) + 1 for index in cut.get("cells") or []]
    if not numbers:
        return ""
    listed = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
    cells = "cell" if len(numbers) == 1 else "cells"
    per_cell = int(cut.get("per_cell_bytes", 0)) // 1024
    per_notebook = int(cut.get("per_notebook_bytes", 0)) // 1024
    return (
        f"The grader kept only part of the output of {cells} {listed} (counted from 1): it keeps at most "
        f"{per_cell:,} KiB a cell and {per_notebook:,} KiB a notebook. This costs no points; printing less "
        "keeps your errors readable."
    )
