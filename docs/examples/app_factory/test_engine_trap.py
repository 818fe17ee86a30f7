"""Lesson 3: an extension set up at import keeps the database URI it saw then, whatever a fixture sets later."""

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

HERE = Path(__file__).parent


def import_a_copy(module_file: Path, folder: Path) -> ModuleType:
    """Import a copy of ``module_file`` from ``folder``, so that its instance folder is made there."""
    copy = folder / module_file.name
    shutil.copy(module_file, copy)
    name = f"{module_file.stem}_{folder.name}"
    spec = importlib.util.spec_from_file_location(name, copy)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # Flask finds the app's folder through sys.modules
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


# --8<-- [start:trap]
@pytest.fixture
def blog(tmp_path):
    """``import blog_at_import`` as a test module would do it, from a folder of the test's own."""
    blog = import_a_copy(HERE / "blog_at_import.py", tmp_path)
    yield blog
    with blog.app.app_context():
        blog.db.engine.dispose()


@pytest.fixture
def app(blog):
    """The fixture older tutorials write: switch to an in-memory database, then create the tables."""
    blog.app.config.update(TESTING=True, SQLALCHEMY_DATABASE_URI="sqlite:///:memory:")
    with blog.app.app_context():
        blog.db.create_all()
    return blog.app


def test_the_tests_write_to_a_file_the_configuration_does_not_mention(app, blog, tmp_path):
    """The URI changed after SQLAlchemy(app) made its engine, so the engine still uses blog.db."""
    with app.app_context():
        blog.db.session.add(blog.Note(text="Written by a test"))
        blog.db.session.commit()

        assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///:memory:"
        assert blog.db.engine.url.database == str(tmp_path / "instance" / "blog.db")
    assert (tmp_path / "instance" / "blog.db").stat().st_size > 0


# --8<-- [end:trap]


# --8<-- [start:fix]
class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SQLALCHEMY_DATABASE_URI="sqlite:///blog.db")
    if test_config is not None:
        app.config.from_mapping(test_config)
    db.init_app(app)  # last: the engine is made from the finished configuration
    return app


@pytest.fixture
def factory_app():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_factory_builds_the_engine_from_the_test_configuration(factory_app):
    """Configuration passed to create_app() is in place before init_app() makes the engine."""
    with factory_app.app_context():
        db.session.add(Note(text="Written by a test"))
        db.session.commit()

        assert db.engine.url.database == ":memory:"
    assert not Path(factory_app.instance_path, "blog.db").exists()


# --8<-- [end:fix]
