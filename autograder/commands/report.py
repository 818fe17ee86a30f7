"""``python -m autograder report RESULTS... [--feedback DIR] [--class-report FILE] [--gradebook CSV]``.

Reads result JSON files written by ``grade`` (a file holds one result or a list of them; a folder
is searched for ``*.json``) and writes any of: a feedback page per submission, the class report,
the gradebook (merged into an existing one).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..feedback import write_feedback
from ..gradebook import write_gradebook
from ..reports import write_class_report
from ..suite import Suite, SuiteError, known_exercises, load_suite

NAME = "report"
HELP = "feedback pages, class report and gradebook from result JSON"
REQUIRED_KEYS = ("path", "learner", "exercise", "status", "score", "max_score")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", nargs="+", type=Path, help="result JSON files or folders of them")
    parser.add_argument("--feedback", type=Path, metavar="DIR", help="write one feedback page per submission here")
    parser.add_argument("--class-report", type=Path, metavar="FILE", help="write the class report (HTML) here")
    parser.add_argument("--gradebook", type=Path, metavar="FILE.csv", help="create or update this gradebook")


def run(args: argparse.Namespace) -> int:
    if not (args.feedback or args.class_report or args.gradebook):
        raise SystemExit("report: nothing to write; give --feedback, --class-report and/or --gradebook")
    results = load_results(args.results)
    if not results:
        named = ", ".join(str(path) for path in args.results)
        raise SystemExit(f"report: no results in {named}: grade first (python -m autograder grade ... --json FILE)")
    suites = loadable_suites({str(result["exercise"]) for result in results if result["exercise"]})
    titles = {exercise: suite.title for exercise, suite in suites.items()}
    if args.feedback:
        spec_points = {exercise: suite.spec_points for exercise, suite in suites.items()}
        pages = write_feedback(results, args.feedback, titles=titles, spec_points=spec_points)
        print(f"{len(pages)} feedback pages in {args.feedback}")
    if args.class_report:
        print(f"class report: {write_class_report(results, args.class_report, titles=titles)}")
    if args.gradebook:
        for result in write_gradebook(results, args.gradebook):
            print(f"not in the gradebook (no exercise): {result['path']}: {result.get('reason', '')}")
        print(f"gradebook: {args.gradebook}")
    return 0


def load_results(paths: list[Path]) -> list[dict[str, Any]]:
    """Every result in ``paths``; a malformed file or a duplicate stops everything with its name and the problem."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    results: list[dict[str, Any]] = []
    sources: list[Path] = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SystemExit(f"report: cannot read {file}: {error}") from None
        for result in data if isinstance(data, list) else [data]:
            missing = [key for key in REQUIRED_KEYS if not isinstance(result, dict) or key not in result]
            if missing:
                raise SystemExit(f"report: {file} holds something that is not a result (missing {', '.join(missing)})")
            results.append(result)
            sources.append(file)
    refuse_duplicates(results, sources)
    return results


def refuse_duplicates(results: list[dict[str, Any]], sources: list[Path]) -> None:
    """Stop before writing anything when a learner has two results for one exercise."""
    first: dict[tuple[str, str], int] = {}
    clashes = []
    for index, result in enumerate(results):
        if not result["exercise"]:
            continue
        key = (str(result["learner"]), str(result["exercise"]))
        if key in first:
            earlier = first[key]
            clashes.append(f"{key[0]} in {key[1]}: {results[earlier]['path']} ({sources[earlier]}) "
                           f"and {result['path']} ({sources[index]})")
        else:
            first[key] = index
    if clashes:
        raise SystemExit("report: two results for the same learner and exercise; keep one of each and "
                         "run report again. Nothing was written.\n  " + "\n  ".join(clashes))


def loadable_suites(exercises: set[str]) -> dict[str, Suite]:
    """The suites of ``exercises`` that load; the outputs show the others by their id alone."""
    suites = {}
    for exercise in sorted(exercises & known_exercises()):
        try:
            suites[exercise] = load_suite(exercise)
        except SuiteError as error:
            print(f"{exercise}: suite not loaded, shown by its id: {error}")
    return suites
