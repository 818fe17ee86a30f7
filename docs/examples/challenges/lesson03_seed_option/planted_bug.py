"""A planted bug for the lesson 3 challenge: ``flask seed`` ignores ``--posts-per-user``.

Load it with ``-p docs.examples.challenges.lesson03_seed_option.planted_bug``: for every test,
the app's ``seed`` command is swapped for one that accepts the same options, exits 0, and
always writes two posts per user, whatever the option says.
"""

import click
import pytest

from sample_app.cli import seed_command


@click.command("seed")
@click.option("--users", default=3, type=click.IntRange(1, 1000))
@click.option("--posts-per-user", default=2, type=click.IntRange(0, 1000))
@click.pass_context
def seed_that_ignores_posts_per_user(context: click.Context, users: int, posts_per_user: int) -> None:
    context.invoke(seed_command, users=users, posts_per_user=2)


@pytest.fixture(autouse=True)
def _seed_ignores_posts_per_user(app):
    """Register the buggy command as `seed`, in this test's app only."""
    app.cli.add_command(seed_that_ignores_posts_per_user)
