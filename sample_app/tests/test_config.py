"""Reading the database URL from the environment."""

import pytest

from sample_app.config import database_url_from_env


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, None),
        ("", None),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/blog.sqlite", "sqlite:////tmp/blog.sqlite"),
    ],
    ids=["unset", "empty", "heroku-style", "postgresql", "already-explicit", "sqlite"],
)
def test_database_url_from_env(monkeypatch, given, expected):
    """DATABASE_URL is passed through, with PostgreSQL URLs pointed at psycopg 3."""
    if given is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", given)
    assert database_url_from_env() == expected
