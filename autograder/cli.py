"""The ``python -m autograder`` command line: one subcommand per module of ``autograder.commands``.

A command module needs ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``;
dropping such a module into ``autograder/commands/`` is all it takes to add a subcommand.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Sequence
from types import ModuleType

from autograder import commands

__all__ = ["build_parser", "command_modules", "main"]


def command_modules() -> list[ModuleType]:
    """Every module of ``autograder.commands``, sorted by command name."""
    found = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda module: module.NAME)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description="Grade the course's exercise notebooks in a sandbox.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in command_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))
