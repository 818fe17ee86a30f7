"""Loading submissions: each way a file can be ungradable gives one clear line, never a traceback."""

import json
import sys
from types import FrameType
from typing import Any

import nbformat
import pytest

from autograder.material.notebook import (
    MAX_JSON_DEPTH,
    MAX_NOTEBOOK_BYTES,
    SubmissionError,
    read_notebook,
    tagged_cells,
    tagged_source,
)
from tests.autograder.builders import notebook, write

KNOWN = {"notes", "shopping_cart"}
TOO_DEEP = f"the file nests its JSON more than {MAX_JSON_DEPTH} levels deep; is it really a .ipynb?"


def _raw(tmp_path, content: bytes | str, name: str = "sub.ipynb"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _refused(path, **kwargs) -> str:
    with pytest.raises(SubmissionError) as excinfo:
        read_notebook(path, known=KNOWN, **kwargs)
    message = str(excinfo.value)
    assert "\n" not in message, "a submission error must be one line"
    return message


def test_a_valid_notebook_loads_with_its_exercise(tmp_path):
    """A valid notebook loads; the exercise comes from its metadata."""
    path = write(tmp_path / "ok.ipynb", notebook(("app", "x = 1")))
    submission = read_notebook(path, known=KNOWN)
    assert submission.exercise == "notes"
    assert len(submission.digest) == 64


def test_a_missing_file_is_refused(tmp_path):
    """A path that does not exist is refused."""
    assert "cannot read the file" in _refused(tmp_path / "nope.ipynb")


def test_an_empty_file_is_refused(tmp_path):
    """A zero-byte file is refused as empty."""
    assert "empty" in _refused(_raw(tmp_path, b""))


def test_a_huge_file_is_refused_before_reading(tmp_path):
    """A file over 20 MB is refused."""
    path = tmp_path / "huge.ipynb"
    with path.open("wb") as handle:
        handle.truncate(MAX_NOTEBOOK_BYTES + 1)
    assert "over 20 MB" in _refused(path)


def test_non_utf8_bytes_are_refused(tmp_path):
    """A file that is not UTF-8 is refused."""
    assert "not UTF-8" in _refused(_raw(tmp_path, '{"cells": "café"}'.encode("latin-1")))


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    """A UTF-8 file starting with a byte order mark still loads."""
    path = write(tmp_path / "ok.ipynb", notebook(("app", "x = 1")))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_notebook(path, known=KNOWN).exercise == "notes"


def test_text_that_is_not_json_is_refused(tmp_path):
    """A file that is not JSON is refused."""
    assert "not valid JSON" in _refused(_raw(tmp_path, "def create_app(): pass\n"))


def _with_frames_to_spare(spare: int, call):
    """``call()`` from a stack so deep that only ``spare`` frames are left under the recursion limit."""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back

    def down(frames: int):
        return call() if frames <= 0 else down(frames - 1)

    return down(sys.getrecursionlimit() - depth - spare)


def _under_a_raised_recursion_limit(call):
    """``call()`` with the recursion limit far up, as a library may leave it (restored afterwards)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)
    try:
        return call()
    finally:
        sys.setrecursionlimit(before)


# Where the loader may be called from: the grader's threads and pytest-xdist's workers add frames,
# and any library may move the recursion limit. The verdict on a file must not depend on either.
CALLERS = {
    "directly": lambda call: call(),
    "from_a_deep_stack": lambda call: _with_frames_to_spare(150, call),
    "under_a_raised_recursion_limit": _under_a_raised_recursion_limit,
}


def _nested_in_metadata(tmp_path, levels: int):
    """A valid notebook whose first cell's metadata holds dicts nested ``levels`` deep."""
    nb = notebook(("app", "x = 1"))
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(levels - 1):
        inner["a"] = {}
        inner = inner["a"]
    nb.cells[0].metadata["deep"] = deep
    return write(tmp_path / "deep.ipynb", nb)


@pytest.mark.parametrize("caller", CALLERS)
def test_deeply_nested_json_is_refused_cleanly(tmp_path, caller):
    """Pathologically nested JSON is refused in one line, not a RecursionError, however the loader is called."""
    path = _raw(tmp_path, "[" * 5_000 + "]" * 5_000)
    assert CALLERS[caller](lambda: _refused(path)) == TOO_DEEP


@pytest.mark.parametrize("caller", CALLERS)
def test_a_notebook_nested_past_the_limit_is_refused_however_it_is_loaded(tmp_path, caller):
    """A valid notebook with metadata nested past the limit is refused the same way from any stack."""
    path = _nested_in_metadata(tmp_path, MAX_JSON_DEPTH)
    assert CALLERS[caller](lambda: _refused(path)) == TOO_DEEP


NESTING_LOOKALIKE = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)


@pytest.mark.parametrize(
    "strings",
    [[NESTING_LOOKALIKE], ['say "', NESTING_LOOKALIKE, '"'], ["C:\\", NESTING_LOOKALIKE, "D:\\"]],
    ids=["plain", "after_an_escaped_quote", "after_a_string_ending_in_a_backslash"],
)
def test_brackets_inside_strings_are_not_nesting(tmp_path, strings):
    """Brackets in strings (cell sources, metadata) are text, whatever escapes come before them."""
    nb = notebook(("app", "x = 1"))
    nb.metadata["strings"] = strings
    path = write(tmp_path / "brackets.ipynb", nb)
    assert read_notebook(path, known=KNOWN).notebook.metadata["strings"] == strings


def test_a_notebook_nested_up_to_the_limit_loads_even_from_a_deep_stack(tmp_path):
    """A notebook nested as deep as allowed (4 levels of notebook, the rest metadata) loads with 400 frames to spare."""
    path = _nested_in_metadata(tmp_path, MAX_JSON_DEPTH - 4)
    loaded = _with_frames_to_spare(400, lambda: read_notebook(path, known=KNOWN))
    assert loaded.exercise == "notes"
    assert _refused(_nested_in_metadata(tmp_path, MAX_JSON_DEPTH - 3)) == TOO_DEEP


@pytest.mark.parametrize("content", ["[1, 2]", '{"cells": []}', '{"nbformat": 4}', '"text"'])
def test_json_that_is_not_a_notebook_is_refused(tmp_path, content):
    """JSON without notebook structure is refused."""
    assert "not a Jupyter notebook" in _refused(_raw(tmp_path, content))


def test_old_nbformat_is_refused(tmp_path):
    """An nbformat 3 notebook is refused with a way out."""
    old = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}
    assert "nbformat 3" in _refused(_raw(tmp_path, json.dumps(old)))


def test_a_notebook_without_cells_is_refused(tmp_path):
    """A notebook with zero cells is refused."""
    assert "no cells" in _refused(write(tmp_path / "empty.ipynb", notebook()))


def test_duplicate_cell_ids_are_refused(tmp_path):
    """Two cells with the same id are refused."""
    nb = notebook("a = 1", "b = 2")
    nb.cells[1].id = nb.cells[0].id
    path = tmp_path / "dup.ipynb"
    path.write_text(json.dumps(nb))
    assert "same id" in _refused(path)


def test_a_schema_violation_is_refused(tmp_path):
    """A notebook that breaks the nbformat schema is refused."""
    nb = json.loads(nbformat.writes(notebook("a = 1")))
    nb["cells"][0]["cell_type"] = "spreadsheet"
    assert "not valid" in _refused(_raw(tmp_path, json.dumps(nb)))


def test_a_notebook_without_exercise_id_needs_the_option(tmp_path):
    """Without metadata course.exercise the exercise must be given."""
    path = write(tmp_path / "anon.ipynb", notebook("a = 1", exercise=None))
    assert "--exercise" in _refused(path)
    assert read_notebook(path, exercise="notes", known=KNOWN).exercise == "notes"


def test_a_notebook_for_another_exercise_is_refused(tmp_path):
    """A notebook for one exercise is not graded as another."""
    path = write(tmp_path / "other.ipynb", notebook("a = 1", exercise="shopping_cart"))
    assert "for exercise 'shopping_cart', not 'notes'" in _refused(path, exercise="notes")


@pytest.mark.parametrize("exercise", ["no_such_exercise", "../../etc/passwd", 42])
def test_an_unknown_exercise_is_refused(tmp_path, exercise):
    """An exercise id without a suite (or not even an id) is refused."""
    nb = notebook("a = 1", exercise=None, course={"exercise": exercise})
    message = _refused(_raw(tmp_path, nbformat.writes(nb)))
    assert "unknown exercise" in message or "not a string" in message


def test_tagged_cells_come_in_notebook_order(tmp_path):
    """Tagged code cells are found in order and joined into one source."""
    nb = notebook(("app", "a = 1"), ("md", "text"), ("tests", "def test_x(): pass"), ("app", "b = 2"))
    assert tagged_cells(nb, "app") == [(0, "a = 1"), (3, "b = 2")]
    assert tagged_source(nb, "app") == "a = 1\n\nb = 2\n"
