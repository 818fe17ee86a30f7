"""Lesson 8: which parts of the legacy query API warn, measured under the course's settings.

``Model.query`` is SQLAlchemy's legacy ``Query`` object. It is still supported, so most of it
runs silently; only ``Query.get()`` emits ``LegacyAPIWarning``, and Flask-SQLAlchemy's
``Query.get_or_404()`` calls it. With ``filterwarnings = ["error"]`` a warning is a failure.
"""

import pytest
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.exc import LegacyAPIWarning
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]


@pytest.fixture
def app():
    """A one-model app on SQLite in memory, inside a request context, with one book stored."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    db.init_app(app)
    with app.test_request_context():
        db.create_all()
        db.session.add(Book(id=1, title="Dune"))
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


# --8<-- [start:warns]
@pytest.mark.parametrize(
    "legacy_call",
    [lambda: Book.query.get(1), lambda: Book.query.get_or_404(1), lambda: db.session.query(Book).get(1)],
    ids=["query.get", "query.get_or_404", "session.query.get"],
)
def test_query_get_warns(app, legacy_call):
    """Looking a row up by primary key through the legacy Query emits LegacyAPIWarning."""
    with pytest.warns(LegacyAPIWarning, match=r"Query\.get\(\) method is considered legacy"):
        assert legacy_call().title == "Dune"


def test_filter_by_first_is_legacy_but_silent(app):
    """The rest of Model.query (filter_by, first, all, first_or_404) runs without a warning."""
    assert Book.query.filter_by(title="Dune").first().title == "Dune"
    assert Book.query.filter_by(title="Dune").first_or_404().id == 1


def test_the_current_forms_give_the_same_answers(app):
    """db.session.get, db.get_or_404 and db.select are the 2.0 style the course writes."""
    assert db.session.get(Book, 1).title == "Dune"
    assert db.get_or_404(Book, 1).title == "Dune"
    assert db.session.scalar(db.select(Book).filter_by(title="Dune")).id == 1


# --8<-- [end:warns]
