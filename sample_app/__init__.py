"""Sample Blog: the Flask application that the course's lessons test.

``create_app(test_config=None)`` is the one way to build it. Without a mapping it
reads the instance folder's ``config.py`` and the environment (``FLASK_*``
variables and ``DATABASE_URL``); with a mapping it uses exactly the defaults plus
that mapping, so a test decides everything that matters.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy as sa
from flask import Flask, request

from . import config
from .extensions import csrf, db, jwt, limiter, mail, migrate
from .services import metrics

__all__ = ["create_app", "db"]


# --8<-- [start:log-exception]
class SampleFlask(Flask):
    """Flask, except that an unhandled error's log line names the error, not only its traceback."""

    def log_exception(self, exc_info) -> None:
        """Log unexpected errors with the error text in the message, not only the traceback."""
        error = exc_info[1]
        self.logger.error(
            "Unhandled %s on %s %s: %s",
            type(error).__name__,
            request.method,
            request.path,
            error,
            exc_info=exc_info,
        )


# --8<-- [end:log-exception]


# --8<-- [start:factory-create-app]
def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build and return a configured application."""
    app = SampleFlask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.DEFAULTS)
    instance_database = f"sqlite:///{Path(app.instance_path) / 'sample_app.sqlite'}"
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=instance_database,
        UPLOAD_FOLDER=str(Path(app.instance_path) / "uploads"),
    )
    if test_config is None:
        # A development run should work straight after a clone, before `flask db upgrade`.
        app.config["CREATE_TABLES_ON_START"] = True
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
        database_url = config.database_url_from_env()
        if database_url:
            app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    else:
        app.config.from_mapping(test_config)
    config.refuse_published_secrets(app.config, testing=app.testing, debug=app.debug)
    if app.debug:
        # The development server speaks plain HTTP, where a browser drops a Secure cookie.
        app.config["SESSION_COOKIE_SECURE"] = False

    if app.config["SQLALCHEMY_DATABASE_URI"] == instance_database:
        # SQLite creates the database file, not its folder. Nothing else needs the folder up
        # front (file_storage makes the upload folder at the first upload), so a test app with
        # a database of its own leaves no instance/ behind.
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app)
    mail.init_app(app)
    jwt.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    app.extensions["metrics"] = metrics.Metrics()

    from . import admin, api, auth, cli, errors, jwt_handlers, oauth, pages, posts, uploads

    app.register_blueprint(auth.bp)
    app.register_blueprint(oauth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(posts.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(uploads.bp)
    app.register_blueprint(api.bp)
    errors.register_error_handlers(app)
    jwt_handlers.register(app)
    cli.register(app)

    app.after_request(add_security_headers)

    # --8<-- [start:integration-count-requests]
    @app.after_request
    def count_request(response):
        metrics.get_metrics().increment("http_requests_total")
        return response

    # --8<-- [end:integration-count-requests]

    if app.config["CREATE_TABLES_ON_START"]:
        with app.app_context():
            upgrade_on_start()

    return app


# --8<-- [end:factory-create-app]


# --8<-- [start:security-headers]
SECURITY_HEADERS = {
    # No other site may show these pages in a frame, where a click on "Delete" could be
    # stolen (clickjacking): the CSP directive for current browsers, the header for old ones.
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    # A browser must not guess that a text response is HTML or a script.
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def add_security_headers(response):
    """Give every response the headers above, unless a view set its own."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


# --8<-- [end:security-headers]


# --8<-- [start:upgrade-on-start]
# What db.create_all() built before the app had migrations: the first migration's schema.
FIRST_REVISION = "1ee2ff36f212"


def upgrade_on_start() -> None:
    """Bring the database to the newest migration, as `flask db upgrade` does.

    Not ``db.create_all()``: that would build the tables of a new model before its migration
    exists, and `flask db migrate` would then find nothing to write. A database that
    create_all() made before the migrations existed is recorded at the first revision first.
    """
    tables = set(sa.inspect(db.engine).get_table_names())
    if tables and "alembic_version" not in tables:
        flask_migrate.stamp(revision=FIRST_REVISION)
    flask_migrate.upgrade()


# --8<-- [end:upgrade-on-start]
