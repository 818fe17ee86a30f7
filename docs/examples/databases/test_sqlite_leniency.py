"""Lesson 8: what SQLite accepts without complaint, and PostgreSQL refuses.

Each test records one of SQLite's habits. A suite that only ever runs on SQLite
cannot catch the bugs these habits hide; run it on PostgreSQL too.
"""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

metadata = sa.MetaData()

authors = sa.Table(
    "author",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(10)),
    sa.Column("age", sa.Integer),
    sa.Column("joined", sa.DateTime(timezone=True)),
)
books = sa.Table(
    "book",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("author_id", sa.ForeignKey("author.id")),
)


@pytest.fixture
def connection():
    """A fresh in-memory SQLite database with the two tables."""
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


# --8<-- [start:length]
def test_sqlite_stores_text_longer_than_its_column(connection):
    """String(10) is not enforced: PostgreSQL would refuse the value as too long."""
    connection.execute(sa.insert(authors).values(id=1, name="A name far longer than ten characters"))

    assert len(connection.scalar(sa.select(authors.c.name))) > 10


# --8<-- [end:length]


# --8<-- [start:types]
def test_sqlite_stores_text_in_an_integer_column(connection):
    """A column's type is only a preference: PostgreSQL would refuse 'forty' for an integer."""
    connection.execute(sa.insert(authors).values(id=1, age="forty"))

    assert connection.scalar(sa.select(authors.c.age)) == "forty"


# --8<-- [end:types]


# --8<-- [start:foreign-keys]
def test_sqlite_ignores_foreign_keys_unless_switched_on(connection):
    """A book may point at an author who does not exist, until PRAGMA foreign_keys is on."""
    connection.execute(sa.insert(books).values(id=1, author_id=999))
    # The pragma does nothing inside an open transaction.
    connection.commit()
    assert connection.scalar(sa.select(books.c.author_id)) == 999

    connection.exec_driver_sql("PRAGMA foreign_keys = ON")
    with pytest.raises(sa.exc.IntegrityError):
        connection.execute(sa.insert(books).values(id=2, author_id=999))


# --8<-- [end:foreign-keys]


# --8<-- [start:time-zones]
def test_sqlite_returns_datetimes_without_their_time_zone(connection):
    """DateTime(timezone=True) comes back naive: PostgreSQL would return it aware."""
    joined = datetime(2024, 12, 25, 10, 30, tzinfo=UTC)
    connection.execute(sa.insert(authors).values(id=1, joined=joined))

    stored = connection.scalar(sa.select(authors.c.joined))

    assert stored.tzinfo is None
    assert stored == joined.replace(tzinfo=None)


# --8<-- [end:time-zones]
