"""``python -m autograder gradescope ID --out DIR``: the Gradescope autograder zip of one exercise."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.bundles.gradescope import build_gradescope_zip

NAME = "gradescope"
HELP = "build the Gradescope autograder zip of an exercise"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", help="the exercise id, e.g. shopping_cart")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write <id>-autograder.zip in")


def run(args: argparse.Namespace) -> int:
    print(build_gradescope_zip(args.exercise, args.out))
    return 0
