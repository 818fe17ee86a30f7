"""Results kept between runs, so grading a class again grades only what changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from autograder import __version__
from autograder.atomic_files import write_json_atomic
from autograder.grading.options import GradeOptions
from autograder.grading.submission import loaded_suite
from autograder.material.notebook import SubmissionError, read_notebook
from autograder.material.suite import SuiteError

__all__ = ["ResultCache"]


class ResultCache:
    """Results keyed by hash(submission bytes, suite files, reference notebook, limits, grader version)."""

    def __init__(self, directory: Path, options: GradeOptions) -> None:
        self.directory = directory
        self.options = options
        self._options_digest = options.digest()

    def key(self, path: Path) -> str | None:
        try:
            # read_notebook refuses links, so nothing but the submission itself is read.
            submission = read_notebook(path, exercise=self.options.exercise)
            suite_digest = loaded_suite(submission.exercise, self.options).digest
        except (OSError, SubmissionError, SuiteError):
            return None  # unreadable or ungradable: grading is instant anyway
        digest = hashlib.sha256()
        for part in (
            __version__.encode(),
            self._options_digest.encode(),
            suite_digest.encode(),
            submission.digest.encode(),
        ):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def get(self, key: str | None) -> dict[str, Any] | None:
        if key is None:
            return None
        try:
            return json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str | None, result: dict[str, Any]) -> None:
        # Grader problems are not cached: fixing the suite or the machine should regrade.
        if key is not None and not result.get("grader_fault"):
            write_json_atomic(self.directory / f"{key}.json", result)
