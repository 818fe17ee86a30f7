"""pytest runs shown in the lessons print exactly what the lessons show.

Each ``*.console`` file under docs/examples/ is one shell session, included into a lesson's
```console``` block: the first line is the command (``$ pytest ...``, optionally
``$ cd FOLDER && pytest ...``), the rest is its output. A line that is only ``...`` stands for
lines cut from the output (framework frames, say), ``...`` inside a line for text cut from it
(a machine's paths and versions in the header); durations may differ.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOWN_RUNS = sorted((REPO / "docs" / "examples").rglob("*.console"))
COMMAND = re.compile(r"\$ (?:cd (?P<folder>\S+) && )?pytest(?P<args>(?: .*)?)")
CUT_OR_DURATION = re.compile(r"(\.\.\.|\d+\.\d+s)")
# CI=true stops pytest shortening summary lines, and colour variables add escape codes.
CHANGES_THE_OUTPUT = ("CI", "FORCE_COLOR", "NO_COLOR", "PY_COLORS", "DATABASE_URL")


def shown_pattern(shown_output: str) -> re.Pattern[str]:
    """A pattern of the output as shown: `...` lines match any lines, `...` in a line any text, and any duration."""
    parts = []
    for line in shown_output.strip("\n").splitlines():
        if line == "...":
            parts.append(r"(?:.*\n)*?")
            continue
        for piece in CUT_OR_DURATION.split(line):
            if piece == "...":
                parts.append(r".*?")
            elif CUT_OR_DURATION.fullmatch(piece):
                parts.append(r"\d+\.\d+s")
            else:
                parts.append(re.escape(piece))
        parts.append(r"\n")
    return re.compile("".join(parts))


def run_shown_command(command_line: str) -> str:
    """Run a ``$ pytest ...`` line from the repository root, as a learner's terminal would, 80 columns wide."""
    command = COMMAND.fullmatch(command_line)
    assert command, f"not a pytest command: {command_line!r}"
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in CHANGES_THE_OUTPUT and not name.startswith("PYTEST_")
    }
    result = subprocess.run(
        # No cache folders written into docs/examples; it changes nothing that is printed but a header line.
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *shlex.split(command["args"])],
        cwd=REPO / (command["folder"] or "."),
        env=environment | {"COLUMNS": "80"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    return "".join(line.rstrip() + "\n" for line in result.stdout.strip("\n").splitlines())


def test_lessons_show_pytest_runs():
    """The check below has sessions to check."""
    assert len(SHOWN_RUNS) >= 5


def test_shown_output_check_allows_cut_lines_and_other_durations():
    """`...` stands for cut lines or text and durations may differ; everything else must be as shown."""
    shown = "header\nrootdir: ...\n...\n1 passed in 0.10s\n"

    assert shown_pattern(shown).fullmatch("header\nrootdir: /home/me\n1 passed in 2.31s\n")
    assert shown_pattern(shown).fullmatch("header\nrootdir: /srv\nplugins: cov\nmore\n1 passed in 0.12s\n")
    assert not shown_pattern(shown).fullmatch("header\nrootdir: /srv\n1 failed in 0.10s\n")
    assert not shown_pattern(shown).fullmatch("header\nconfigfile: x\n1 passed in 0.10s\n")
    assert not shown_pattern("1 passed\n").fullmatch("1 passed\nwarnings summary\n")


@pytest.mark.slow
@pytest.mark.parametrize("session", SHOWN_RUNS, ids=lambda path: str(path.relative_to(REPO / "docs" / "examples")))
def test_shown_pytest_run_prints_what_the_lesson_shows(session):
    """Running the session's command prints its output, apart from `...` cuts and durations."""
    command_line, _, shown_output = session.read_text(encoding="utf-8").partition("\n")

    printed = run_shown_command(command_line)

    assert shown_pattern(shown_output).fullmatch(printed), f"{command_line} printed:\n{printed}"
