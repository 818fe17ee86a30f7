"""Predict the outcome, under the course's settings (every warning is an error)."""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]


app = Flask(__name__)
app.config.update(TESTING=True, SQLALCHEMY_DATABASE_URI="sqlite://")
db.init_app(app)


def test_stored_note_can_be_read_back():
    """A note saved to the database comes back by its id."""
    with app.app_context():
        db.create_all()
        db.session.add(Note(id=1, text="Buy milk"))
        db.session.commit()

        assert Note.query.get(1).text == "Buy milk"
