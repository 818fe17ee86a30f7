"""Plain functions the test modules share: test data, reading HTML, logging in, and the database.

Fixtures live in ``conftest.py``; these are imported where they are used, so a test
shows where its helpers come from. ORM objects die with their application context,
so the database helpers hand back ids, counts and dicts.
"""

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import flask_migrate
import sqlalchemy as sa
from bs4 import BeautifulSoup
from sqlalchemy.pool import NullPool

from sample_app import create_app
from sample_app.extensions import db
from sample_app.models import Post, Upload, User

from .factories import PostFactory, UserFactory

FILES = Path(__file__).parent / "files"

# What the registration form sends for a valid new account.
REGISTRATION_FORM = {
    "username": "newuser",
    "email": "new@example.com",
    "password": "StrongPass123!",
    "confirm_password": "StrongPass123!",
}


# --8<-- [start:uploads-sent-file]
def sent_file(content: bytes, filename: str) -> tuple[io.BytesIO, str]:
    """A file field for the test client: ``data={"file": sent_file(...)}`` makes a multipart body."""
    return io.BytesIO(content), filename


def sent_from_files(name: str, *, sent_as: str | None = None) -> tuple[io.BytesIO, str]:
    """A file from ``files/`` as a file field, optionally under another name."""
    return sent_file((FILES / name).read_bytes(), sent_as or name)


# --8<-- [end:uploads-sent-file]


# --- reading HTML ---------------------------------------------------------------------------------


# --8<-- [start:reading-html]
def html(response) -> BeautifulSoup:
    """The response body parsed as HTML: find elements instead of matching strings."""
    return BeautifulSoup(response.text, "html.parser")


def field_errors(response, field: str) -> list[str]:
    """The error messages a page shows under one form field."""
    return [item.get_text() for item in html(response).select(f"#{field}-errors li")]


# --8<-- [end:reading-html]


# --8<-- [start:integration-csrf-helper]
def csrf_token(response) -> str:
    """The token a browser would send back: the page's first hidden csrf_token input."""
    field = html(response).find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no csrf_token input"
    return str(field["value"])


# --8<-- [end:integration-csrf-helper]


# --- logging in -----------------------------------------------------------------------------------


# --8<-- [start:session-login]
# --8<-- [start:client-log-in-through-session]
def log_in_through_session(client, user_id: int) -> None:
    """Log ``client`` in by writing the session cookie directly, skipping the login form."""
    with client.session_transaction() as session:
        session["user_id"] = user_id


# --8<-- [end:client-log-in-through-session]
# --8<-- [end:session-login]


# --8<-- [start:token-helpers]
def token_pair(client, account) -> dict:
    """Log ``account`` in through ``POST /api/auth/login``; return the JSON with both tokens."""
    response = client.post("/api/auth/login", json={"username": account.username, "password": account.password})
    return response.get_json()


def bearer(token: str) -> dict[str, str]:
    """The Authorization header that carries ``token``."""
    return {"Authorization": f"Bearer {token}"}


# --8<-- [end:token-helpers]


# --- the database ---------------------------------------------------------------------------------


# --8<-- [start:user-records]
class UserRecord(NamedTuple):
    """Plain data about a user the test created; ORM objects die with their app context."""

    id: int
    username: str
    email: str
    password: str


def create_user(app, **fields) -> UserRecord:
    """Store a user through ``UserFactory`` (password123 unless given) and return its plain data."""
    password = fields.pop("password", "password123")
    with app.app_context():
        user = UserFactory(password=password, **fields)
        return UserRecord(user.id, user.username, user.email, password)


# --8<-- [end:user-records]


# --8<-- [start:database-helpers]
def create_post(app, author_id: int, **fields) -> int:
    """Store one post by ``author_id`` (factory defaults for the rest) and return its id."""
    with app.app_context():
        return PostFactory(author=db.session.get(User, author_id), **fields).id


def count_rows(app, model) -> int:
    """How many rows ``model``'s table holds right now."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


# --8<-- [end:database-helpers]


def stored_uploads(app) -> list[dict]:
    """Every Upload row, oldest first, as the dicts the API shows."""
    with app.app_context():
        return [upload.to_dict() for upload in db.session.scalars(db.select(Upload).order_by(Upload.id))]


# --8<-- [start:uploads-files-in]
def files_in(folder: Path) -> list[str]:
    """The names of the files in ``folder``, sorted; none when it does not exist yet."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --8<-- [end:uploads-files-in]


def stored_post(app, post_id: int) -> dict | None:
    """The post as stored right now, as the dict the API shows; None once it is deleted."""
    with app.app_context():
        post = db.session.get(Post, post_id)
        return None if post is None else post.to_dict()


# --- databases of their own -----------------------------------------------------------------------


# --8<-- [start:scratch-database]
@contextlib.contextmanager
def scratch_database(database_url: str, name: str, folder: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database beside ``database_url``'s; delete it afterwards.

    SQLite: a file in ``folder``. A server: a database of its own on that server, named
    after the suite's database, ``name`` and the pytest-xdist worker, so parallel workers
    never share one.
    """
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{folder / f'{name}.sqlite'}"
        return
    server_url = sa.make_url(database_url)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    scratch_url = server_url.set(database=f"{server_url.database}_{name}_{worker}")
    # CREATE DATABASE refuses to run inside a transaction; NullPool keeps no connection open.
    server = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    drop = f'DROP DATABASE IF EXISTS "{scratch_url.database}" WITH (FORCE)'
    try:
        with server.connect() as connection:
            connection.exec_driver_sql(drop)  # left over from a run that was killed
            connection.exec_driver_sql(f'CREATE DATABASE "{scratch_url.database}"')
        yield scratch_url.render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql(drop)
        server.dispose()


# --8<-- [end:scratch-database]


# --8<-- [start:upgrade-database]
def upgrade_database(url: str, revision: str = "head") -> None:
    """Run the app's migrations on the database at ``url``, as `flask db upgrade` would."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade(revision=revision)
        db.engine.dispose()


# --8<-- [end:upgrade-database]
