"""Loading a submitted notebook: every way it can be unusable becomes one clear ``SubmissionError``.

Also the helpers that pull the tagged cells (``app``, ``tests``, ``self-check``) out of a notebook.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4.rwbase import rejoin_lines
from nbformat.validator import ValidationError

from autograder.runtime import cells
from autograder.runtime.text import one_line

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_NOTEBOOK_BYTES",
    "Submission",
    "SubmissionError",
    "read_notebook",
    "tagged_cells",
    "tagged_source",
]

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
EXERCISE_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# Far deeper than any notebook nests. Without a bound of its own the loader stopped deep JSON only
# at the interpreter's recursion limit: json.loads and nbformat recurse per level, so whether a file
# loaded, was refused or let a RecursionError escape depended on the caller's stack and that limit.
MAX_JSON_DEPTH = 100
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class SubmissionError(Exception):
    """The submission cannot be graded; ``str(error)`` is one learner-facing line."""


@dataclass(frozen=True)
class Submission:
    """A checked notebook and what the grader needs to know about it."""

    path: Path
    exercise: str
    notebook: NotebookNode
    digest: str  # sha256 of the file's bytes


def _nests_deeper_than(text: str, limit: int) -> bool:
    """Whether ``text``'s JSON arrays and objects nest more than ``limit`` levels, without recursing.

    Strings are dropped first, so brackets in cell sources do not count (escaped backslashes and
    quotes go before that, so an escaped quote ends no string). Each round then removes the
    innermost empty pairs: a file is deeper than ``limit`` when a pair is still left to remove
    after ``limit`` rounds. Unbalanced text is left to json.loads, which says where it breaks.
    """
    pieces = text.replace("\\\\", "").replace('\\"', "").split('"')
    if len(pieces) % 2 == 0:
        return False  # a string that never ends
    brackets = _NOT_A_BRACKET.sub("", "".join(pieces[::2])).replace("{", "[").replace("}", "]")
    for _ in range(limit + 1):
        inner_removed = brackets.replace("[]", "")
        if len(inner_removed) == len(brackets):
            return False
        brackets = inner_removed
    return True


def _load_json(path: Path) -> tuple[bytes, Any]:
    # O_NOFOLLOW: a submission that is a link to another file (a solution, /etc/shadow) is
    # refused, never opened; O_NONBLOCK: a FIFO cannot make the grader wait.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SubmissionError(
                "the file is a symbolic link, not a notebook; hand in the .ipynb file itself"
            ) from None
        raise SubmissionError(f"cannot read the file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError("not a file")
        if info.st_size > MAX_NOTEBOOK_BYTES:
            raise SubmissionError(
                f"the file is {info.st_size / 2**20:.1f} MB; notebooks over 20 MB are not graded (clear the outputs)"
            )
        raw = file.read(MAX_NOTEBOOK_BYTES + 1)
    if not raw.strip():
        raise SubmissionError("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            f"the file is not UTF-8 text (bad byte at position {exc.start}); save it from Jupyter"
        ) from None
    if _nests_deeper_than(text, MAX_JSON_DEPTH):
        raise SubmissionError(f"the file nests its JSON more than {MAX_JSON_DEPTH} levels deep; is it really a .ipynb?")
    try:
        return raw, json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SubmissionError(f"the file is not valid JSON ({one_line(exc, 200)}); is it really a .ipynb?") from None


def _check_structure(data: Any) -> None:
    if not isinstance(data, dict) or "nbformat" not in data or ("cells" not in data and "worksheets" not in data):
        raise SubmissionError("the file is JSON but not a Jupyter notebook")
    major = data.get("nbformat")
    if not isinstance(major, int) or isinstance(major, bool):
        raise SubmissionError("the file is JSON but not a Jupyter notebook (no nbformat version)")
    if major < 4:
        raise SubmissionError(f"the notebook uses nbformat {major}; open and save it in a current Jupyter (nbformat 4)")
    if major > 4:
        raise SubmissionError(f"the notebook uses nbformat {major}, which this grader does not know yet")
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise SubmissionError("the notebook's cells are not a list")
    if not cells:
        raise SubmissionError("the notebook has no cells")
    seen: set[str] = set()
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise SubmissionError(
                f"cell {number} is not a notebook cell (it is a {type(cell).__name__}); "
                "open and save the notebook in Jupyter"
            )
        source = cell.get("source", "")
        if not (
            isinstance(source, str) or (isinstance(source, list) and all(isinstance(line, str) for line in source))
        ):
            raise SubmissionError(f"cell {number}'s source is not text; open and save the notebook in Jupyter")
        if not isinstance(cell.get("metadata", {}), dict):
            raise SubmissionError(f"cell {number}'s metadata is not an object; open and save the notebook in Jupyter")
        cell_id = cell.get("id") if isinstance(cell, dict) else None
        if isinstance(cell_id, str):
            if cell_id in seen:
                raise SubmissionError(f"two cells have the same id {cell_id!r}; copy the cells into a fresh notebook")
            seen.add(cell_id)


def _validate(data: dict[str, Any]) -> NotebookNode:
    # Sources and outputs may be stored as lists of lines; rejoin them as nbformat.reads does.
    notebook = rejoin_lines(nbformat.from_dict(data))
    try:
        with warnings.catch_warnings():
            # nbformat warns about (and would repair) details such as missing cell ids; the
            # checks above already refused what matters.
            warnings.simplefilter("ignore")
            nbformat.validate(notebook)
    except ValidationError as exc:
        raise SubmissionError(f"the notebook is not valid: {one_line(exc.message, 200)}") from None
    return notebook


def _exercise_id(notebook: NotebookNode, expected: str | None, known: Collection[str] | None) -> str:
    course = notebook.metadata.get("course")
    declared = course.get("exercise") if isinstance(course, dict) else None
    if declared is not None and not isinstance(declared, str):
        raise SubmissionError("the notebook's metadata course.exercise is not a string")
    if declared and expected and declared != expected:
        raise SubmissionError(f"this notebook is for exercise {declared!r}, not {expected!r}")
    exercise = declared or expected
    if not exercise:
        raise SubmissionError(
            "the notebook does not say which exercise it is (metadata course.exercise); pass --exercise ID"
        )
    if not EXERCISE_ID.match(exercise) or (known is not None and exercise not in known):
        choices = f" (known: {', '.join(sorted(known))})" if known else ""
        raise SubmissionError(f"unknown exercise {one_line(exercise, 60)!r}{choices}")
    return exercise


def read_notebook(path: str | Path, *, exercise: str | None = None, known: Collection[str] | None = None) -> Submission:
    """Load and check a submission; raise ``SubmissionError`` (one line) when it cannot be graded.

    ``exercise`` is the expected exercise id (``--exercise``), used when the notebook's metadata has
    none and checked against it otherwise; ``known`` lists the exercises that have a suite.
    """
    path = Path(path)
    raw, data = _load_json(path)
    _check_structure(data)
    notebook = _validate(data)
    return Submission(
        path=path,
        exercise=_exercise_id(notebook, exercise, known),
        notebook=notebook,
        digest=hashlib.sha256(raw).hexdigest(),
    )


def tagged_cells(notebook: NotebookNode, tag: str) -> list[tuple[int, str]]:
    """``(index, source)`` of the code cells carrying ``tag``, in notebook order (``runtime.cells``)."""
    return cells.tagged_cells(notebook.cells, tag)


def tagged_source(notebook: NotebookNode, tag: str) -> str:
    """The sources of the code cells carrying ``tag``, concatenated in order (one module's text)."""
    return cells.tagged_source(notebook.cells, tag)
