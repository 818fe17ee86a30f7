"""The GitHub workflows and lesson 16 agree on the major version of every action they name."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = [
    *sorted((REPO / ".github/workflows").glob("*.yml")),
    *sorted((REPO / "docs/examples/ci").glob("*.yml")),
    *sorted((REPO / "docs/instructors/shards").glob("*.yml")),
]
LESSON = REPO / "docs/lessons/16-ci.md"

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[\w.-]+/[\w.-]+)@v(?P<major>\d+)\s*(?:#.*)?$", re.MULTILINE)
MENTION = re.compile(r"`(?P<action>[\w.-]+/[\w.-]+)@v(?P<major>\d+)`")
OLDER_TUTORIALS = re.compile(r"^/// details \| In older tutorials$.*?^///$", re.MULTILINE | re.DOTALL)


def majors_used(paths: list[Path]) -> dict[str, set[int]]:
    """Each action named in ``uses:`` lines, with every major version the files pin it to."""
    used: dict[str, set[int]] = {}
    for path in paths:
        for match in USES.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(match["action"], set()).add(int(match["major"]))
    return used


def mentions(text: str) -> list[tuple[str, int]]:
    return [(match["action"], int(match["major"])) for match in MENTION.finditer(text)]


def lesson_mentions() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Actions the lesson names as current, and those its "In older tutorials" boxes name as old."""
    text = LESSON.read_text(encoding="utf-8")
    boxes = OLDER_TUTORIALS.findall(text)
    return mentions(OLDER_TUTORIALS.sub("", text)), [found for box in boxes for found in mentions(box)]


@pytest.fixture(scope="module")
def current() -> dict[str, int]:
    """The one major version per action that the workflows use."""
    used = majors_used(WORKFLOWS)
    assert used, "no `uses:` lines found in the workflows"
    return {action: max(majors) for action, majors in used.items()}


def test_every_workflow_pins_an_action_to_the_same_major():
    """An action upgraded in one workflow is upgraded in all of them, the lesson's example included."""
    mixed = {action: majors for action, majors in majors_used(WORKFLOWS).items() if len(majors) > 1}

    assert mixed == {}


def test_the_lesson_names_the_majors_the_workflows_use(current):
    """Every action@vN that lesson 16 presents as current is exactly what the workflows run."""
    named, _ = lesson_mentions()

    assert named, "lesson 16 names no action versions"
    assert {action: major for action, major in named if current.get(action) != major} == {}


def test_the_lesson_calls_only_older_majors_old(current):
    """The versions in the "In older tutorials" box are older than the workflows' own."""
    _, old = lesson_mentions()

    assert old, "lesson 16's box of older tutorials names no action versions"
    assert [(action, major) for action, major in old if major >= current[action]] == []


def test_the_checks_read_uses_lines_and_inline_mentions():
    """The patterns see a pinned step, with or without a comment, and a mention in backticks."""
    workflow = "steps:\n  - uses: actions/checkout@v7\n    with: {}\n  - uses: actions/cache@v5  # pip\n"

    assert [(m["action"], m["major"]) for m in USES.finditer(workflow)] == [
        ("actions/checkout", "7"),
        ("actions/cache", "5"),
    ]
    assert mentions("use `actions/setup-python@v7` here") == [("actions/setup-python", 7)]
