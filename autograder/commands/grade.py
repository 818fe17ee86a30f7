"""Grade submitted notebooks: files or folders (any depth), in parallel, with a resumable cache.

``--shard K/N`` grades only the K-th of N shares of the submissions, so N machines can grade a
class at once; ``report`` then takes the N result files together.

The learner id is the file name (submissions/alice.ipynb), or the folder name when the file is
named after the exercise (alice/shopping_cart.ipynb). Results already in the cache for the same
submission, suite and limits are reused unless --force.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from autograder.atomic_files import write_json_atomic
from autograder.grading.batch import find_submissions, grade_batch, shard
from autograder.grading.options import GradeOptions
from autograder.material.suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES, known_exercises
from autograder.sandbox import limits_summary

NAME = "grade"
HELP = "grade notebooks and write the result JSON"


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-autograder"


def shard_option(text: str) -> tuple[int, int]:
    """``K/N`` as (K, N), with 1 <= K <= N; anything else is an error naming the expected form."""
    index, slash, count = text.partition("/")
    if slash and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count):
        return int(index), int(count)
    raise argparse.ArgumentTypeError(f"{text!r} is not K/N with 1 <= K <= N, such as 1/4")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="notebook files or folders of them")
    parser.add_argument("--exercise", metavar="ID", help="exercise id, for notebooks whose metadata has none")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="notebooks graded at once (default 1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all results to FILE as a JSON list")
    parser.add_argument(
        "--shard",
        type=shard_option,
        metavar="K/N",
        help="grade only share K of N (in path order), for N machines grading one class",
    )
    parser.add_argument("--force", action="store_true", help="regrade even when a cached result exists")
    parser.add_argument(
        "--cache-dir", type=Path, default=default_cache_dir(), metavar="DIR", help="default: %(default)s"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--suites", type=Path, default=DEFAULT_SUITES, metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--solutions", type=Path, default=DEFAULT_SOLUTIONS, metavar="DIR", help=argparse.SUPPRESS)


def _summary(results: list[dict[str, Any]]) -> Table:
    table = Table(title="Grading results")
    for column in ("learner", "exercise", "score", "status"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for result in results:
        score = f"{result['score']:g} / {result['max_score']:g}"
        status = result["status"] if not result["reason"] else f"{result['status']}: {result['reason']}"
        # Learner names, exercises and reasons come from submissions: shown as typed, never as markup.
        table.add_row(Text(str(result["learner"])), Text(str(result["exercise"] or "?")), score, Text(status))
    return table


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    if args.jobs < 1:
        console.print("[red]--jobs must be at least 1[/red]")
        return 2
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        console.print(Text(f"no such file or folder: {', '.join(missing)}", style="red"))
        return 2
    known = sorted(known_exercises(args.suites))
    if args.exercise is not None and args.exercise not in known:
        console.print(Text(f"no exercise {args.exercise!r}; the known ones are: {', '.join(known)}", style="red"))
        return 2
    submissions = find_submissions(args.paths)
    if not submissions:
        console.print("[red]no notebooks (.ipynb) found[/red]")
        return 2
    if args.shard:
        index, count = args.shard
        everyone = len(submissions)
        submissions = shard(submissions, index, count)
        console.print(Text(f"shard {index}/{count}: {len(submissions)} of {everyone} submissions"))
    options = GradeOptions(suites=args.suites, solutions=args.solutions, exercise=args.exercise)
    console.print(Text(limits_summary(options.sandbox)), soft_wrap=True)
    progress = Progress(
        TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
        console=console,
    )  # fmt: skip
    with progress:
        task = progress.add_task("", total=len(submissions))

        def advance(result: dict[str, Any]) -> None:
            progress.update(task, advance=1, description=f"{result['learner']} {result['score']:g}")

        cached: list[dict[str, Any]] = []
        results = grade_batch(
            submissions,
            options,
            jobs=args.jobs,
            cache_dir=None if args.no_cache else args.cache_dir,
            force=args.force,
            on_result=advance,
            on_cached=cached.append,
        )
    if args.json:
        write_json_atomic(args.json, results)
    out = Console(file=sys.stdout)
    out.print(_summary(results))
    out.print(Text(f"{len(cached)} from the cache, {len(results) - len(cached)} graded now"))
    grader_trouble = any(r["grader_fault"] for r in results)
    return 1 if grader_trouble else 0
