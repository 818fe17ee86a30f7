"""Files replaced whole: an interrupted write leaves the old file and nothing else."""

import json
import os
import stat

import pytest

from autograder import atomic_files
from autograder.atomic_files import write_json_atomic, write_text_atomic


def test_json_is_written_indented_with_a_final_newline(tmp_path):
    """The file reads back as the data, and its text ends with a newline."""
    target = tmp_path / "nested" / "results.json"
    write_json_atomic(target, [{"learner": "Zoë", "score": 1}])

    assert json.loads(target.read_text(encoding="utf-8")) == [{"learner": "Zoë", "score": 1}]
    assert target.read_text(encoding="utf-8").endswith("}\n]\n")


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    """A disk that fills up mid-write leaves the previous file intact and nothing beside it."""
    target = tmp_path / "results.json"
    write_json_atomic(target, [{"score": 1}])

    def disk_full(fd):
        raise OSError("disk full")

    monkeypatch.setattr(atomic_files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="disk full"):
        write_json_atomic(target, [{"score": 2}])

    assert json.loads(target.read_text()) == [{"score": 1}]
    assert [path.name for path in tmp_path.iterdir()] == ["results.json"]


def test_text_keeps_its_newlines_and_the_old_files_permissions(tmp_path):
    """CSV's CRLF line ends stay as given, and a file made private stays private."""
    target = tmp_path / "grades.csv"
    target.write_text("old\n")
    os.chmod(target, 0o600)

    write_text_atomic(target, "learner,score\r\nada,1\r\n")

    assert target.read_bytes() == b"learner,score\r\nada,1\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
