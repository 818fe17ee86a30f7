"""The repository ignores what the README's grading commands read and write: learner data stays out."""

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def readme_grading_paths() -> list[str]:
    """Every path the README's `autograder grade` and `report` commands name."""
    commands = [
        line
        for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
        if "-m autograder grade" in line or "-m autograder report" in line
    ]
    assert commands, "the README shows no grading commands"
    words = [word for line in commands for word in line.split()]
    return sorted({word for word in words if re.search(r"\.(json|html|csv)$|/$", word) and not word.startswith("-")})


@pytest.mark.parametrize("path", readme_grading_paths())
def test_grading_inputs_and_outputs_are_ignored(path):
    """`git check-ignore` matches each path the grading commands use (a learner's notebook inside too)."""
    target = path + "ada.ipynb" if path.endswith("/") else path
    checked = subprocess.run(["git", "check-ignore", "--no-index", "-q", target], cwd=REPO, check=False)
    assert checked.returncode == 0, f"{target} is not ignored by .gitignore"
