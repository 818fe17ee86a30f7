"""``python -m autograder grade``: paths in, result JSON and a summary out, clear exit codes."""

import json
from pathlib import Path

import pytest

from autograder.cli import build_parser, main
from autograder.sandbox import SandboxLimits, limits_summary
from autograder.sandbox.limits import MiB
from tests.autograder.builders import NOTES_SOLUTION, SOLUTIONS, SUITES, needs_bwrap

FIXTURE_SUITE = ["--suites", str(SUITES), "--solutions", str(SOLUTIONS)]


def test_grade_is_a_registered_command():
    """The CLI discovers the grade command from autograder.commands."""
    parser = build_parser()
    assert parser.parse_args(["grade", "x.ipynb", "--jobs", "2"]).jobs == 2


@pytest.mark.slow
@needs_bwrap
def test_grading_writes_the_json_and_prints_a_summary(tmp_path, capsys):
    """A graded run writes a JSON list of results and a table with the score."""
    out = tmp_path / "out" / "results.json"
    code = main(["grade", str(NOTES_SOLUTION), "--json", str(out), "--no-cache", *FIXTURE_SUITE])
    assert code == 0
    results = json.loads(out.read_text())
    assert [(r["learner"], r["status"], r["score"]) for r in results] == [("solutions", "graded", 100.0)]
    printed = capsys.readouterr()
    assert "100 / 100" in printed.out
    assert "0 from the cache, 1 graded now" in printed.out
    assert limits_summary(SandboxLimits()) in printed.err


@pytest.mark.slow
@needs_bwrap
def test_a_second_run_says_its_results_came_from_the_cache(tmp_path, capsys):
    """Run again with the same cache, the summary counts the result as cached, not graded."""
    cache = ["--cache-dir", str(tmp_path / "cache"), *FIXTURE_SUITE]
    assert main(["grade", str(NOTES_SOLUTION), *cache]) == 0
    capsys.readouterr()
    assert main(["grade", str(NOTES_SOLUTION), *cache]) == 0
    assert "1 from the cache, 0 graded now" in capsys.readouterr().out


def test_the_limits_line_says_which_limits_hold_and_why_not_the_others():
    """With a cgroup the line names the sandbox-wide limits; without one, the reason and per-process only."""
    limits = SandboxLimits(memory=512 * MiB, cpus=1.5, processes=64)
    assert limits.describe("") == (
        "limits: 512 MiB memory, 1.5 CPU, 80 processes per sandbox (cgroup); "
        "per process 2048 MiB address space, 600 CPU s"
    )
    assert limits.describe("cgroup v1 folders not writable") == (
        "limits: per process 2048 MiB address space, 600 CPU s only (no cgroup: cgroup v1 folders not writable)"
    )


def test_an_ungradable_notebook_is_reported_but_not_a_failure(tmp_path, capsys):
    """A learner's broken file is a result with a reason; the command still succeeds."""
    broken = tmp_path / "carol.ipynb"
    broken.write_text("{")
    assert main(["grade", str(broken), "--cache-dir", str(tmp_path / "cache"), *FIXTURE_SUITE]) == 0
    assert "not valid JSON" in capsys.readouterr().out


def test_names_and_reasons_that_look_like_markup_are_printed_as_typed(tmp_path, capsys):
    """A submission named like rich markup is shown literally; it cannot break the summary."""
    broken = tmp_path / "[bold red]mallory.ipynb"  # a file name cannot hold "/", a closing tag
    broken.write_text("{")
    assert main(["grade", str(broken), "--no-cache", *FIXTURE_SUITE]) == 0
    out = capsys.readouterr().out
    assert "[bold red]mallory" in out and "not valid JSON" in out


def test_grader_problems_make_the_command_fail(tmp_path):
    """When the grader itself cannot grade (a missing reference), the exit code is 1."""
    notebook_path = tmp_path / "dave.ipynb"
    notebook_path.write_bytes(NOTES_SOLUTION.read_bytes())
    assert main(["grade", str(notebook_path), "--no-cache", "--suites", str(SUITES), "--solutions", str(tmp_path)]) == 1


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["nowhere.ipynb"], "no such file"),
        (["{empty}"], "no notebooks"),
        (["{empty}", "--jobs", "0"], "at least 1"),
        (["{empty}", "--exercise", "nosuch", *FIXTURE_SUITE], "no exercise 'nosuch'; the known ones are: notes"),
    ],
    ids=["missing-path", "no-notebooks", "zero-jobs", "unknown-exercise"],
)
def test_usage_mistakes_exit_with_2(tmp_path, capsys, args, complaint):
    """Missing paths, folders without notebooks, a zero job count and an unknown exercise are refused."""
    args = [arg.replace("{empty}", str(tmp_path)) for arg in args]
    assert main(["grade", *args]) == 2
    assert complaint in " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize("shard", ["2", "0/3", "4/3", "1/0", "a/b", "1/2/3"])
def test_a_shard_that_is_not_k_of_n_is_a_usage_error(shard, capsys):
    """--shard takes K/N with 1 <= K <= N; anything else exits 2 naming the expected form."""
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["grade", "x.ipynb", "--shard", shard])
    assert stopped.value.code == 2
    assert "is not K/N with 1 <= K <= N" in capsys.readouterr().err


@pytest.mark.slow
@needs_bwrap
def test_two_shards_merged_report_the_same_as_one_run(tmp_path, capsys):
    """Grade a class as shards 1/2 and 2/2, merge them in report: the same class report as one run."""
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for learner in ("ada", "ben", "cy"):
        (submissions / f"{learner}.ipynb").write_bytes(NOTES_SOLUTION.read_bytes())
    (submissions / "dee.ipynb").write_text("{")  # a broken one belongs to a shard too
    cache = ["--cache-dir", str(tmp_path / "cache"), *FIXTURE_SUITE]
    for index in (1, 2):
        out = tmp_path / f"shard{index}.json"
        assert main(["grade", str(submissions), "--shard", f"{index}/2", "--json", str(out), *cache]) == 0
    shard_sizes = [len(json.loads((tmp_path / f"shard{index}.json").read_text())) for index in (1, 2)]
    assert shard_sizes == [2, 2]
    assert "shard 2/2: 2 of 4 submissions" in capsys.readouterr().err
    # One run over the whole class, from the same cache: only the unreadable notebook is read again.
    assert main(["grade", str(submissions), "--json", str(tmp_path / "all.json"), *cache]) == 0
    assert "3 from the cache, 1 graded now" in capsys.readouterr().out

    main(
        [
            "report",
            str(tmp_path / "shard1.json"),
            str(tmp_path / "shard2.json"),
            "--class-report",
            str(tmp_path / "merged.html"),
            "--gradebook",
            str(tmp_path / "merged.csv"),
        ]
    )
    main(
        [
            "report",
            str(tmp_path / "all.json"),
            "--class-report",
            str(tmp_path / "one.html"),
            "--gradebook",
            str(tmp_path / "one.csv"),
        ]
    )

    assert (tmp_path / "merged.html").read_text() == (tmp_path / "one.html").read_text()
    assert (tmp_path / "merged.csv").read_text() == (tmp_path / "one.csv").read_text()


def test_the_instructors_guide_shows_the_limits_line_grade_prints():
    """docs/instructors/sandbox.md quotes the default limits line exactly, so its numbers stay true."""
    guide = Path(__file__).resolve().parents[3] / "docs" / "instructors" / "sandbox.md"
    assert SandboxLimits().describe("") in guide.read_text(encoding="utf-8")
