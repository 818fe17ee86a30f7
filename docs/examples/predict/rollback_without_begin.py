"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]


@pytest.fixture(scope="module")
def connection():
    """One connection for the module; the tables are created once."""
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    db.metadata.create_all(engine)
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    with engine.connect() as connection:
        yield connection
    db.session.session_factory.configure(join_transaction_mode="conservative_savepoint")
    engine.dispose()


@pytest.fixture
def app(connection):
    """Each test runs inside a transaction on the shared connection, rolled back afterwards."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    db.init_app(app)
    with app.app_context():
        own_engine = db.engine
        transaction = connection.begin()
        db.engines[None] = connection
    yield app
    with app.app_context():
        db.session.remove()
        transaction.rollback()
        db.engines[None] = own_engine
        own_engine.dispose()


def note_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Note))


def test_saving_a_note_stores_it(app):
    """A committed note is in the database."""
    with app.app_context():
        db.session.add(Note(text="Buy milk"))
        db.session.commit()

    assert note_count(app) == 1


def test_the_next_test_starts_without_notes(app):
    """The note saved by the previous test was rolled back."""
    assert note_count(app) == 0
