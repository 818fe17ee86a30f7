"""Subcommands of ``python -m autograder``: each module here is one command (see ``autograder.cli``)."""
