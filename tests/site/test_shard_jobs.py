"""The shard jobs in docs/instructors/shards/ run grade commands the CLI accepts, covering every shard once.

Each file (GitHub Actions matrix, Kubernetes Indexed Job, SLURM array) is read as its runner would
read it, its grade and report commands are parsed by the autograder's own argument parser, and the
shards it would start are checked to be 1/N ... N/N exactly.
"""

import re
import shlex
from pathlib import Path

import pytest
import yaml

from autograder.cli import build_parser
from tests.site.matching import found

REPO = Path(__file__).resolve().parents[2]
SHARDS = REPO / "docs" / "instructors" / "shards"
PAGE = REPO / "docs" / "instructors" / "many-machines.md"
COMMAND = re.compile(r"(?:\.venv/bin/)?python -m autograder (?P<args>.+)")


def autograder_args(line: str) -> list[str] | None:
    """The autograder arguments of a shell line that runs it, else None."""
    match = COMMAND.search(line)
    return shlex.split(match["args"]) if match else None


def parsed(args: list[str] | None):
    """The CLI's reading of ``args``; argparse exits on anything it does not accept."""
    assert args is not None, "the line does not run the autograder"
    return build_parser().parse_args(args)


def shards_started(command: str, indices: list[int], placeholder: str, to_text) -> set[tuple[int, int]]:
    """The (K, N) each of ``indices`` gives ``command`` once ``placeholder`` is replaced."""
    started = set()
    for index in indices:
        args = autograder_args(command.replace(placeholder, to_text(index)))
        assert args and args[0] == "grade", command
        started.add(parsed(args).shard)
    return started


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load((SHARDS / "grade-class.yml").read_text(encoding="utf-8"))


def steps_running(job: dict, subcommand: str) -> list[str]:
    return [step["run"] for step in job["steps"] if (autograder_args(step.get("run", "")) or [""])[0] == subcommand]


def test_the_workflow_matrix_grades_every_shard_once(workflow):
    """The matrix's values, put into the grade step, are exactly shards 1/N to N/N."""
    job = workflow["jobs"]["grade"]
    values = job["strategy"]["matrix"]["shard"]
    (command,) = steps_running(job, "grade")

    started = shards_started(command, values, "${{ matrix.shard }}", str)

    count = len(values)
    assert started == {(index, count) for index in range(1, count + 1)}


def test_the_workflow_merges_what_the_shards_upload(workflow):
    """The report job waits for the shards and reads the folder their artifacts are downloaded to."""
    report = workflow["jobs"]["report"]
    download = next(step for step in report["steps"] if "download-artifact" in step.get("uses", ""))
    (command,) = steps_running(report, "report")

    assert report["needs"] == "grade"
    assert download["with"]["merge-multiple"] is True
    assert parsed(autograder_args(command)).results == [Path(download["with"]["path"] + "/")]
    # YAML 1.1, which PyYAML reads, takes the key `on` for the boolean true.
    assert workflow[True] == {"workflow_dispatch": None}


def test_the_indexed_job_grades_every_shard_once():
    """JOB_COMPLETION_INDEX runs from 0 to completions - 1; the pods grade shards 1/N to N/N."""
    job = yaml.safe_load((SHARDS / "grade-class-job.yaml").read_text(encoding="utf-8"))
    spec = job["spec"]
    (container,) = spec["template"]["spec"]["containers"]
    (command,) = container["args"]

    started = shards_started(
        command, list(range(spec["completions"])), "$((JOB_COMPLETION_INDEX + 1))", lambda index: str(index + 1)
    )

    assert (job["kind"], spec["completionMode"]) == ("Job", "Indexed")
    assert started == {(index, spec["completions"]) for index in range(1, spec["completions"] + 1)}


def test_the_slurm_array_grades_every_shard_once():
    """The array's task ids, put into the grade line, are exactly shards 1/N to N/N."""
    script = (SHARDS / "grade-class.sbatch").read_text(encoding="utf-8")
    first, last = map(int, found(re.search(r"^#SBATCH --array=(\d+)-(\d+)$", script, re.MULTILINE)).groups())
    (command,) = [line for line in script.splitlines() if autograder_args(line)]

    started = shards_started(command, list(range(first, last + 1)), "${SLURM_ARRAY_TASK_ID}", str)

    assert started == {(index, last) for index in range(1, last + 1)}
    assert first == 1


def test_the_page_shows_every_job_file():
    """Each file in docs/instructors/shards/ is included in the page, so what readers copy is what is tested."""
    text = PAGE.read_text(encoding="utf-8")

    assert [path.name for path in sorted(SHARDS.iterdir()) if f'--8<-- "{path.relative_to(REPO)}"' not in text] == []
