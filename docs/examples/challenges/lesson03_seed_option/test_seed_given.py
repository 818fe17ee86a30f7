"""Lesson 3 challenge: the seed test you are given. It passes, with or without the bug."""


def test_seed_with_posts_per_user(runner):
    """`flask seed --posts-per-user 1` runs."""
    result = runner.invoke(args=["seed", "--users", "2", "--posts-per-user", "1"])

    assert result.exit_code == 0
