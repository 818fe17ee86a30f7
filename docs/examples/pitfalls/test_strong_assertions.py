"""Lesson 18, done right: assertions that name one answer, so a wrong one fails."""

import pytest
import sqlalchemy as sa
from flask import Flask, abort, request, session
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, SECRET_KEY="test-secret-key")
    passwords = {"ada": "correct horse"}
    widgets = {123: {"id": 123, "name": "Sprocket"}}

    @app.post("/login")
    def login():
        username = request.form["username"]
        if passwords.get(username) != request.form["password"]:
            return {"message": "Invalid username or password."}, 401
        session["user"] = username
        return {"message": "Welcome back!"}

    @app.get("/me")
    def me():
        if "user" not in session:
            return {"message": "Log in first."}, 401
        return {"user": session["user"]}

    @app.get("/api/widgets/<int:widget_id>")
    def get_widget(widget_id: int):
        if widget_id not in widgets:
            abort(404)
        return widgets[widget_id]

    return app


@pytest.fixture
def client():
    return create_app().test_client()


# --8<-- [start:one-answer]
def test_wrong_password_is_refused(client):
    """A wrong password answers 401 with the message, and the visitor stays logged out."""
    response = client.post("/login", data={"username": "ada", "password": "wrong horse"})

    assert response.status_code == 401
    assert response.get_json() == {"message": "Invalid username or password."}
    assert client.get("/me").status_code == 401


# --8<-- [end:one-answer]


# --8<-- [start:one-test-per-case]
def test_existing_widget_is_returned_as_json(client):
    """A widget that exists answers 200 and its fields."""
    response = client.get("/api/widgets/123")

    assert response.status_code == 200
    assert response.get_json() == {"id": 123, "name": "Sprocket"}


def test_unknown_widget_is_not_found(client):
    """An id with no widget answers 404."""
    response = client.get("/api/widgets/999")

    assert response.status_code == 404


# --8<-- [end:one-test-per-case]


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    email: Mapped[str] = mapped_column(sa.String(120))


@pytest.fixture
def db_session():
    engine = sa.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as db_session:
        db_session.add(User(username="ada", email="ada@example.com"))
        db_session.commit()
        yield db_session
    engine.dispose()


# --8<-- [start:exact-exception]
def test_taken_username_is_refused_by_the_database(db_session):
    """A second account with a taken username breaks the unique constraint, nothing else."""
    db_session.add(User(username="ada", email="ada.2@example.com"))
    with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: user\.username"):
        db_session.commit()


# --8<-- [end:exact-exception]
