"""``python -m autograder release --out DIR [--zip]``: the learner bundle (see ``autograder.bundles.learner``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.bundles.learner import ZIP_FOLDER, build_release
from autograder.bundles.zipping import write_zip

NAME = "release"
HELP = "build the learner bundle: starter notebooks and the self-check"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new or empty folder")
    parser.add_argument(
        "--exercise",
        action="append",
        metavar="ID",
        help="only this exercise (repeatable); default: every exercise with a starter notebook",
    )
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="the course site the notebooks link to; default: $COURSE_SITE_URL or the course's own",
    )
    parser.add_argument(
        "--offline-site",
        type=Path,
        metavar="SITE",
        help="ship this offline build (mkdocs build -f mkdocs.offline.yml) and link the notebooks to it",
    )
    parser.add_argument("--zip", action="store_true", help=f"also write DIR.zip, which unpacks to {ZIP_FOLDER}/")


def run(args: argparse.Namespace) -> int:
    bundle = build_release(
        args.out, exercises=args.exercise, site_url=args.site_url, offline_site=args.offline_site
    ).resolve()
    print(f"learner bundle: {bundle}")
    if args.zip:
        print(f"zip: {write_zip(bundle, bundle.with_name(bundle.name + '.zip'), root=ZIP_FOLDER)}")
    return 0
