"""Lesson 18, done right: contexts pushed only for a block, current queries, engines closed."""

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


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, SQLALCHEMY_DATABASE_URI="sqlite://")
    db.init_app(app)
    return app


# --8<-- [start:fixture]
@pytest.fixture
def app():
    """A new app and database per test; its connections are closed when the test ends."""
    app = create_app()
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


# --8<-- [end:fixture]


# --8<-- [start:test]
def test_stored_note_can_be_read_back(app):
    """A note saved to the database comes back by its id."""
    with app.app_context():
        db.session.add(Note(id=1, text="Buy milk"))
        db.session.commit()

    with app.app_context():
        assert db.session.get(Note, 1).text == "Buy milk"


# --8<-- [end:test]
