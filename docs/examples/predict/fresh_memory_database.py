"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]


@pytest.fixture
def app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    db.init_app(app)
    with app.app_context():
        db.create_all()
    yield app
    # No drop_all(): the tables and their rows are left as they are.
    with app.app_context():
        db.engine.dispose()


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
    """The note saved by the previous test is not here."""
    assert note_count(app) == 0
