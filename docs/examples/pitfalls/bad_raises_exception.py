"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str] = mapped_column(sa.String(120))


@pytest.fixture
def session():
    engine = sa.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(User(username="ada", email="ada@example.com"))
        session.commit()
        yield session
    engine.dispose()


def test_taken_username_is_refused(session):
    """A second account cannot take a username that is already in use."""
    with pytest.raises(Exception):
        session.add(User(username="ada"))
        session.commit()


def test_taken_username_is_refused_by_the_database(session):
    """The same check, naming the error it expects and what the error is about."""
    with pytest.raises(IntegrityError, match="user.username"):
        session.add(User(username="ada", email="ada.2@example.com"))
        session.commit()
