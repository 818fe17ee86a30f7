"""Every lesson's challenge: its starting point fails the way the page says, its solution passes.

A challenge lives in ``docs/examples/challenges/lessonNN_<slug>/`` (NN is the lesson's number),
described by ``challenge.toml``::

    title = "Follow the redirect after logging in"

    [[run]]
    name = "start"                        # names the test case
    files = ["start_test_login.py"]       # pytest arguments, relative to the challenge folder
    args = []                             # further pytest arguments, as given (optional)
    outcome = "fails"                     # passes, fails or errors, as the predict quizzes use them
    output = ["assert 302 == 200"]        # text each of which the run's output must contain

    [[run]]
    name = "solution"
    files = ["test_login.py"]
    outcome = "passes"

Runs start in the repository root under the course's pyproject.toml, with the sample app's
``conftest.py`` loaded as a plugin (``sample_fixtures = false`` turns that off): the same
fixtures a learner's file gets when it is saved in ``sample_app/tests/``, as the challenges
ask. A planted bug is a plugin module in the folder, loaded with ``args = ["-p", "docs.examples
.challenges.<folder>.<module>"]``, so a learner runs the same command to see it.

The lesson page shows the challenge under a ``## Challenge`` heading (or ``## Challenges`` with a
``###`` heading each): the task, a "How you know you are done" line, a ``/// details | Hint`` block
and a ``/// details | Solution`` block that includes the solution from the folder.
"""

import re
import tomllib
from pathlib import Path

import pytest

from tests.site.matching import found

REPO = Path(__file__).resolve().parents[2]
LESSONS = sorted((REPO / "docs" / "lessons").glob("*.md"))
CHALLENGES = REPO / "docs" / "examples" / "challenges"
FOLDER = re.compile(r"lesson(?P<number>\d{2})_[a-z0-9_]+")
OUTCOMES = ("passes", "fails", "errors")
SNIPPET = re.compile(r'-+8<-+\s*"(?P<path>docs/examples/challenges/[^"]+)"')


def challenge_folders() -> list[Path]:
    return sorted(path.parent for path in CHALLENGES.glob("*/challenge.toml"))


def manifest(folder: Path) -> dict:
    return tomllib.loads((folder / "challenge.toml").read_text(encoding="utf-8"))


def challenge_runs():
    for folder in challenge_folders():
        for run in manifest(folder).get("run", []):
            yield pytest.param(folder, run, id=f"{folder.name}-{run.get('name', '?')}")


def lesson_of(folder: Path) -> Path:
    number = found(FOLDER.fullmatch(folder.name))["number"]
    (lesson,) = [page for page in LESSONS if page.stem.startswith(number)]
    return lesson


def details_blocks(text: str, title: str) -> list[str]:
    """The bodies of ``/// details | <title>...`` blocks (pymdownx renders them as <details>)."""
    pattern = re.compile(rf"^/// details \| {re.escape(title)}.*?\n(?P<body>.*?)^///\s*$", re.DOTALL | re.MULTILINE)
    return [match["body"] for match in pattern.finditer(text)]


def challenge_section(text: str) -> str:
    """The page's ``## Challenge`` or ``## Challenges`` section, up to the next ``##`` heading."""
    match = re.search(r"^## Challenges?\b.*?$(?P<body>.*?)(?=^## |\Z)", text, re.DOTALL | re.MULTILINE)
    return match["body"] if match else ""


def test_there_are_challenges_to_check():
    """The runs below have challenges to run: at least one a lesson."""
    assert len(challenge_folders()) >= len(LESSONS)


@pytest.mark.parametrize("folder", challenge_folders(), ids=lambda folder: folder.name)
def test_challenge_folder_is_well_formed(folder):
    """A folder is named after its lesson, has a title, and both a failing start and a passing solution."""
    assert FOLDER.fullmatch(folder.name), "name it lessonNN_<slug>, NN the lesson's number"
    assert lesson_of(folder)
    described = manifest(folder)
    runs = described.get("run", [])
    assert described.get("title"), "challenge.toml needs a title"
    for run in runs:
        assert run.get("name") and run.get("files"), f"every run needs a name and files: {run}"
        assert run.get("outcome") in OUTCOMES, f"{run['name']}: outcome must be one of {OUTCOMES}"
        for file in run["files"]:
            assert (folder / file).exists(), f"{run['name']}: {file} does not exist"
    outcomes = [run["outcome"] for run in runs]
    assert "passes" in outcomes, "a challenge has a solution that passes"
    assert {"fails", "errors"} & set(outcomes), "a challenge has a starting point that fails"
    for run in runs:
        if run["outcome"] != "passes":
            assert run.get("output"), f"{run['name']}: say what the failure shows, in `output`"


@pytest.mark.slow
@pytest.mark.parametrize(("folder", "run"), list(challenge_runs()))
def test_challenge_run_has_the_outcome_the_page_promises(folder, run, run_pytest):
    """Each run gives the outcome its manifest states, and its output shows the promised text."""
    plugin = [] if manifest(folder).get("sample_fixtures", True) is False else ["-p", "sample_app.tests.conftest"]
    files = [str((folder / file).relative_to(REPO)) for file in run["files"]]

    result = run_pytest(*plugin, *run.get("args", []), *files)

    assert result.outcome == run["outcome"], result.output
    for text in run.get("output", []):
        assert text in result.output, f"{text!r} is not in the output:\n{result.output}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.stem)
def test_lesson_has_a_challenge_with_hint_and_solution(lesson):
    """A lesson ends its teaching with a challenge: the task, how to know it is done, a hint, a solution."""
    section = challenge_section(lesson.read_text(encoding="utf-8"))

    assert section, "the lesson has a `## Challenge` section"
    assert "How you know you are done" in section
    assert details_blocks(section, "Hint"), "a `/// details | Hint` block"
    solutions = details_blocks(section, "Solution")
    assert solutions, "a `/// details | Solution` block"
    included = {match["path"] for body in solutions for match in SNIPPET.finditer(body)}
    number = lesson.stem[:2]
    assert any(path.startswith(f"docs/examples/challenges/lesson{number}_") for path in included), (
        "the solution includes a file from this lesson's challenge folder"
    )


@pytest.mark.parametrize("folder", challenge_folders(), ids=lambda folder: folder.name)
def test_challenge_is_shown_on_its_lesson(folder):
    """Every challenge folder is included by its own lesson, so none is written and forgotten."""
    text = lesson_of(folder).read_text(encoding="utf-8")

    assert f"docs/examples/challenges/{folder.name}/" in text
