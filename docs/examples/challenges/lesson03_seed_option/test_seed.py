"""Lesson 3 challenge, solved: a command is tested by what it says and what it leaves behind."""

import pytest

from sample_app.models import Post, User
from sample_app.tests.helpers import count_rows


@pytest.mark.parametrize(("posts_per_user", "posts"), [(1, 2), (0, 0)], ids=["one-each", "none"])
def test_seed_writes_the_posts_asked_for(app, runner, posts_per_user, posts):
    """`flask seed --users 2 --posts-per-user N` reports and stores 2 users and 2 x N posts."""
    result = runner.invoke(args=["seed", "--users", "2", "--posts-per-user", str(posts_per_user)])

    assert result.exit_code == 0, result.output
    assert f"Seeded 2 users and {posts} posts." in result.stdout
    assert (count_rows(app, User), count_rows(app, Post)) == (2, posts)


def test_seeding_twice_is_refused(app, runner):
    """A second `flask seed` exits 1 and leaves the first one's rows as they were."""
    runner.invoke(args=["seed", "--users", "2"])
    first = (count_rows(app, User), count_rows(app, Post))

    result = runner.invoke(args=["seed", "--users", "5"])

    assert result.exit_code == 1
    assert "already has users" in result.stderr
    assert (count_rows(app, User), count_rows(app, Post)) == first
