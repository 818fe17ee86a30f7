"""``python -m autograder report RESULTS... [--feedback DIR] [--class-report FILE] [--gradebook CSV]``.

Reads result JSON files written by ``grade`` (a file holds one result or a list of them; a folder
is searched for ``*.json``) and writes any of: a feedback page per submission, the class report,
the gradebook (merged into an existing one).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.outputs.class_report import write_class_report
from autograder.outputs.feedback import write_feedback
from autograder.outputs.gradebook import write_gradebook
from autograder.result import Result, ResultError, load_results

NAME = "report"
HELP = "feedback pages, class report and gradebook from result JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", nargs="+", type=Path, help="result JSON files or folders of them")
    parser.add_argument("--feedback", type=Path, metavar="DIR", help="write one feedback page per submission here")
    parser.add_argument("--class-report", type=Path, metavar="FILE", help="write the class report (HTML) here")
    parser.add_argument("--gradebook", type=Path, metavar="FILE.csv", help="create or update this gradebook")


def run(args: argparse.Namespace) -> int:
    if not (args.feedback or args.class_report or args.gradebook):
        raise SystemExit("report: nothing to write; give --feedback, --class-report and/or --gradebook")
    try:
        results = load_results(args.results)
    except ResultError as error:
        raise SystemExit(f"report: {error}") from None
    if not results:
        named = ", ".join(str(path) for path in args.results)
        raise SystemExit(f"report: no results in {named}: grade first (python -m autograder grade ... --json FILE)")
    refuse_duplicates(results)
    if args.feedback:
        pages = write_feedback(results, args.feedback)
        print(f"{len(pages)} feedback pages in {args.feedback}")
    if args.class_report:
        print(f"class report: {write_class_report(results, args.class_report, feedback=args.feedback)}")
    if args.gradebook:
        for result in write_gradebook(results, args.gradebook):
            print(f"not in the gradebook (no exercise): {result.path}: {result.reason}")
        print(f"gradebook: {args.gradebook}")
    return 0


def refuse_duplicates(results: list[Result]) -> None:
    """Stop before writing anything when a learner has two results for one exercise."""
    first: dict[tuple[str, str], Result] = {}
    clashes = []
    for result in results:
        if not result.exercise:
            continue
        key = (result.learner, result.exercise)
        if key in first:
            clashes.append(
                f"{key[0]} in {key[1]}: {first[key].path} ({first[key].source}) and {result.path} ({result.source})"
            )
        else:
            first[key] = result
    if clashes:
        raise SystemExit(
            "report: two results for the same learner and exercise; keep one of each and "
            "run report again. Nothing was written.\n  " + "\n  ".join(clashes)
        )
