"""Shared fixtures: ``app`` -> ``client`` / ``runner`` / ``auth``, plus users, posts, tokens and fakes.

Plain helper functions live in ``helpers.py``.

Database isolation has two strategies, chosen with ``--db-strategy``:

* ``fresh`` (default): every test gets a new app whose tables are created before
  the test and dropped after it.
* ``rollback``: the migrations build the tables once per session, in a database of
  the session's own; every test runs on one shared connection, inside a transaction
  that is rolled back afterwards.

Both run on SQLite (in memory for ``fresh``, a temporary file for ``rollback``) unless
``DATABASE_URL`` points at another database (CI points it at a throwaway PostgreSQL).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask
import pytest
import responses
import sqlalchemy as sa

from sample_app import create_app
from sample_app.config import database_url_from_env
from sample_app.extensions import db

from .helpers import UserRecord, bearer, create_post, create_user, scratch_database, token_pair, upgrade_database

# 32+ bytes: PyJWT warns about shorter HMAC keys.
TEST_JWT_SECRET = "test-jwt-secret-that-is-long-enough-for-hs256"


# --8<-- [start:fixtures-options]
def pytest_addoption(parser):
    parser.addoption(
        "--db-strategy",
        choices=("fresh", "rollback"),
        default="fresh",
        help="How tests are isolated from each other's database writes.",
    )


# --8<-- [start:database-url]
@pytest.fixture(scope="session")
def database_url() -> str:
    """The database the suite runs against: SQLite in memory unless DATABASE_URL says otherwise."""
    # The app's own reading of DATABASE_URL, so tests and the app agree on the driver.
    return database_url_from_env() or "sqlite://"


# --8<-- [end:database-url]


@pytest.fixture(scope="session")
def db_strategy(request) -> str:
    """The ``--db-strategy`` option: "fresh" or "rollback"."""
    return request.config.getoption("--db-strategy")


# --8<-- [end:fixtures-options]


# --8<-- [start:sqlite-savepoints]
def _use_sqlite_savepoints(engine: sa.Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN, so SAVEPOINTs work."""

    @sa.event.listens_for(engine, "connect")
    def _disable_pysqlite_transactions(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _emit_begin(connection):
        connection.exec_driver_sql("BEGIN")


# --8<-- [end:sqlite-savepoints]


# --8<-- [start:migrated-database]
@pytest.fixture(scope="session")
def migrated_database_url(database_url, tmp_path_factory):
    """A database of the session's own, its tables built by running the migrations once."""
    with scratch_database(database_url, "migrated", tmp_path_factory.mktemp("databases")) as url:
        upgrade_database(url)
        yield url


# --8<-- [end:migrated-database]


# --8<-- [start:shared-connection]
@pytest.fixture(scope="session")
def shared_connection(request, db_strategy):
    """For the rollback strategy: one connection to the migrated database, for the whole session."""
    if db_strategy != "rollback":
        yield None
        return
    # Asked for here, not as an argument: the fresh strategy never builds this database.
    url = request.getfixturevalue("migrated_database_url")
    engine = sa.create_engine(url)
    if url.startswith("sqlite"):
        _use_sqlite_savepoints(engine)
    connection = engine.connect()
    # A session bound to a connection that is inside a transaction turns its own
    # commits into SAVEPOINT releases instead of committing the outer transaction.
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    yield connection
    db.session.session_factory.configure(join_transaction_mode="conservative_savepoint")
    connection.close()
    engine.dispose()


# --8<-- [end:shared-connection]


# --8<-- [start:factory-app-config]
@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """The configuration every test app starts from; tests may copy and change it."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "JWT_SECRET_KEY": TEST_JWT_SECRET,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "MAIL_DEFAULT_SENDER": "tests@sample-blog.test",
        # scrypt is deliberately slow; a cheap hash keeps hundreds of logins fast.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


# --8<-- [end:factory-app-config]


# --8<-- [start:isolated-app]
# --8<-- [start:factory-app-client-runner]
@contextmanager
def isolated_app(config: dict, shared_connection) -> Iterator[flask.Flask]:
    """A new application with an isolated database, for as long as the block lasts."""
    app = create_app(config)
    with app.app_context():
        own_engine = db.engine
        if shared_connection is None:
            db.create_all()
        else:
            transaction = shared_connection.begin()
            # db.engines is the app's own dict, typed as a read-only map of engines: the
            # connection takes the engine's place in it on purpose (hence the type: ignore).
            db.engines[None] = shared_connection  # type: ignore[index]  # a Connection, on purpose
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            if shared_connection is None:
                # drop_all waits forever on PostgreSQL while a session holds a transaction.
                db.drop_all()
            else:
                transaction.rollback()
                db.engines[None] = own_engine  # type: ignore[index]  # the read-only typed dict, see above
            own_engine.dispose()


@pytest.fixture
def app(app_config, shared_connection):
    """A new application per test, with an isolated database."""
    with isolated_app(app_config, shared_connection) as app:
        yield app


# --8<-- [end:isolated-app]


@pytest.fixture
def client(app):
    """A test client: requests go straight to the app, no server or network involved."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A Click runner for the app's ``flask`` commands."""
    return app.test_cli_runner()


# --8<-- [end:factory-app-client-runner]


# --8<-- [start:fixtures-user]
@pytest.fixture
def user(app) -> UserRecord:
    """A regular user: testuser / password123."""
    return create_user(app, username="testuser", email="test@example.com")


# --8<-- [end:fixtures-user]


@pytest.fixture
def other_user(app) -> UserRecord:
    """A second regular user, for ownership checks."""
    return create_user(app, username="otheruser", email="other@example.com")


@pytest.fixture
def admin_user(app) -> UserRecord:
    """An administrator: admin / admin12345."""
    return create_user(app, username="admin", email="admin@example.com", password="admin12345", is_admin=True)


# --8<-- [start:seed-fixtures]
@pytest.fixture
def posts(app, user) -> list[int]:
    """Five published posts by ``user``; returns their ids."""
    return [create_post(app, user.id) for _ in range(5)]


@pytest.fixture
def draft(app, user) -> int:
    """An unpublished post by ``user``, titled "Secret draft"; returns its id."""
    return create_post(app, user.id, title="Secret draft", published=False)


# --8<-- [end:seed-fixtures]


# --8<-- [start:auth-actions]
# --8<-- [start:fixtures-auth]
class AuthActions:
    """Log the test client in and out through the real login form."""

    def __init__(self, client):
        self._client = client

    def login(self, username="testuser", password="password123"):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    """``auth.login()`` / ``auth.logout()`` for the test client; login defaults to ``user``."""
    return AuthActions(client)


@pytest.fixture
def auth_client(client, auth, user):
    """A test client logged in as ``user``."""
    auth.login()
    return client


# --8<-- [end:fixtures-auth]


@pytest.fixture
def admin_client(client, auth, admin_user):
    """A test client logged in as ``admin_user``."""
    auth.login(admin_user.username, admin_user.password)
    return client


# --8<-- [end:auth-actions]


# --8<-- [start:token-fixtures]
# --8<-- [start:fixtures-tokens]
@pytest.fixture
def access_token(client, user) -> str:
    """A JWT access token for ``user``, obtained through the login endpoint."""
    return token_pair(client, user)["access_token"]


@pytest.fixture
def auth_headers(access_token) -> dict[str, str]:
    """Authorization header carrying ``user``'s access token."""
    return bearer(access_token)


# --8<-- [end:fixtures-tokens]


@pytest.fixture
def other_headers(client, other_user) -> dict[str, str]:
    """Authorization header for ``other_user``, for ownership checks."""
    return bearer(token_pair(client, other_user)["access_token"])


@pytest.fixture
def admin_headers(client, admin_user) -> dict[str, str]:
    """Authorization header for ``admin_user``."""
    return bearer(token_pair(client, admin_user)["access_token"])


# --8<-- [end:token-fixtures]


# --8<-- [start:uploads-upload-folder]
@pytest.fixture
def upload_folder(app) -> Path:
    """UPLOAD_FOLDER of the test app: inside ``tmp_path``, and not created until the first upload."""
    return Path(app.config["UPLOAD_FOLDER"])


# --8<-- [end:uploads-upload-folder]


# --8<-- [start:weather-api-fixture]
# --8<-- [start:fixtures-yield-in-with]
@pytest.fixture
def weather_api(app):
    """The weather provider faked at the HTTP level: yields ``(mock, url)``.

    ``requests`` never leaves the process; a call nobody registered, or a registered
    reply nobody asked for, fails the test.
    """
    with responses.RequestsMock() as mock:
        yield mock, app.config["WEATHER_API_URL"]


# --8<-- [end:fixtures-yield-in-with]
# --8<-- [end:weather-api-fixture]


# --8<-- [start:oauth-provider-fixture]
@pytest.fixture
def oauth_provider():
    """The OAuth provider faked at the HTTP level: tests register its token and profile replies.

    The configured URLs end in ``.invalid`` and could never be reached; inside the mock
    an unregistered request fails at once, and a registered reply left unused fails the test.
    """
    with responses.RequestsMock() as mock:
        yield mock


# --8<-- [end:oauth-provider-fixture]


# --8<-- [start:fixtures-autouse-guard]
@pytest.fixture(autouse=True)
def _no_leaked_app_context():
    """Fail any test that leaves an application context pushed."""
    yield
    assert not flask.has_app_context(), "the test left an application context pushed"


# --8<-- [end:fixtures-autouse-guard]
