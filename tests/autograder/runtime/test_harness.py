"""In-process fixtures: a fresh app per session, independent clients, the mail outbox, {tmp} folders."""

import io
import os

import pytest

from autograder.runtime import AppSession, RemoteSession, build_config
from autograder.runtime.harness import load_app
from autograder.runtime.pytest_run import FixturePlugin
from autograder.runtime.session import FIXTURE_NAMES, CourseSession
from autograder.runtime.wire import AppCrashed
from tests.autograder.builders import notes_cells

NOTES = load_app("\n\n".join(notes_cells("app")), name="notes_app_for_harness_tests")
APP_CONFIG = {"UPLOAD_FOLDER": "{tmp}/uploads"}


@pytest.fixture
def session():
    with AppSession(NOTES.create_app, APP_CONFIG) as app_session:
        yield app_session


def test_config_merges_base_suite_and_overrides_and_fills_tmp():
    """The app config is base config, then the suite's table, then overrides; {tmp} is filled in."""
    config = build_config({"UPLOAD_FOLDER": "{tmp}/up", "A": 1}, {"A": 2, "DIRS": ["{tmp}/x"]}, "/t")
    assert config == {"TESTING": True, "SECRET_KEY": "test-secret", "UPLOAD_FOLDER": "/t/up", "A": 2, "DIRS": ["/t/x"]}


def test_each_session_gets_a_fresh_app(session):
    """Notes from one session's app are not in the next session's app."""
    session.client.post("/notes", json={"text": "one"})
    with AppSession(NOTES.create_app, APP_CONFIG) as other:
        assert other.client.get("/notes").get_json() == []


def test_a_fresh_client_shares_the_app_but_not_cookies(session):
    """client.fresh() talks to the same app."""
    session.client.post("/notes", json={"text": "one"})
    assert len(session.client.fresh().get("/notes").get_json()) == 1


def test_make_client_applies_config_overrides(session):
    """make_client(**overrides) builds a new app with that config."""
    strict = session.make_client(MAX_NOTE_LENGTH=2)
    assert strict.post("/notes", json={"text": "abc"}).status_code == 400
    assert session.client.post("/notes", json={"text": "abc"}).status_code == 201


def test_the_outbox_records_mail_of_the_clients_app_only(session):
    """outbox lists the mails of the main client's app, not those of other apps."""
    other = session.make_client()
    for client in (session.client, other):
        client.post("/notes", json={"text": "milk"})
        client.post("/notes/1/email", json={"to": "friend@example.com"})
    assert session.outbox == [
        {
            "subject": "Note 1",
            "recipients": ["friend@example.com"],
            "sender": "notes@example.com",
            "body": "milk",
            "html": None,
        }
    ]


def test_uploads_land_in_the_apps_private_tmp_folder(session):
    """{tmp} is a private folder per app, removed when the session closes."""
    client = session.client
    client.post("/notes", json={"text": "milk"})
    assert client.post("/notes/1/attachment", data={"file": (io.BytesIO(b"hi"), "a.txt")}).status_code == 201
    tmp = session._handles[0].tmp
    assert os.listdir(os.path.join(tmp, "uploads")) == ["1-a.txt"]
    session.close()
    assert not os.path.exists(tmp)


def test_an_exception_in_the_app_becomes_app_crashed():
    """An app that raises while handling a request raises AppCrashed naming the request."""
    broken = load_app(
        "from flask import Flask\n"
        "def create_app(config=None):\n"
        "    app = Flask(__name__)\n"
        "    app.config.update(config or {})\n"
        "    @app.get('/boom')\n"
        "    def boom():\n"
        "        return {}['missing']\n"
        "    return app\n",
        name="broken_app_for_harness_tests",
    )
    with AppSession(broken.create_app) as session, pytest.raises(AppCrashed, match=r"KeyError.*GET /boom"):
        session.client.get("/boom")


def test_create_app_must_return_a_flask_app():
    """A create_app that returns something else is reported clearly."""
    with AppSession(lambda config: 42) as session, pytest.raises(AppCrashed, match="returned int"):
        session.client.get("/")


def test_unknown_fixture_names_are_refused(session):
    """Only client, make_client and outbox exist."""
    with pytest.raises(KeyError):
        session.fixture("tmp_path")


def test_load_app_gives_flask_a_root_path():
    """An app loaded from source can be built with Flask(__name__)."""
    app = NOTES.create_app({"TESTING": True})
    assert app.root_path == os.getcwd()


COOKIE_ECHO = load_app(
    "from flask import Flask, request\n"
    "def create_app(test_config=None):\n"
    "    app = Flask(__name__)\n"
    "    app.config.from_mapping(test_config or {})\n"
    "    @app.get('/cookie')\n"
    "    def cookie():\n"
    "        return request.cookies.get('flavour', 'none')\n"
    "    return app\n",
    name="cookie_echo_app_for_harness_tests",
)


def test_set_cookie_sends_the_cookie_with_later_requests_of_that_client_only():
    """client.set_cookie() fills the jar, as Flask's client does; a fresh client has its own jar."""
    with AppSession(COOKIE_ECHO.create_app) as cookie_session:
        cookie_session.client.set_cookie("flavour", "ginger")
        assert cookie_session.client.get("/cookie").text == "ginger"
        assert cookie_session.client.fresh().get("/cookie").text == "none"


@pytest.mark.parametrize(
    ("key", "value"),
    [("", "x"), ("flavour", 3), ("flavour", "x" * 5000)],
    ids=["empty-name", "not-a-string", "too-long"],
)
def test_set_cookie_refuses_what_no_browser_would_keep(session, key, value):
    """A cookie needs a name, a string value and a browser's size: anything else is a TypeError."""
    with pytest.raises(TypeError, match="cookie"):
        session.client.set_cookie(key, value)


def test_both_sessions_are_the_one_fixture_vocabulary():
    """AppSession and RemoteSession have CourseSession's members, of the same kind; the plugin offers FIXTURE_NAMES."""
    # Checked on the classes: isinstance() on a protocol with properties would build an app.
    members = {name: type(value) for name, value in vars(CourseSession).items() if not name.startswith("_")}
    assert set(members) == {*FIXTURE_NAMES, "close"}
    for session_class in (AppSession, RemoteSession):
        kinds = {name: type(getattr(session_class, name, None)) for name in members}
        assert kinds == members, session_class.__name__
    offered = {name for name, value in vars(FixturePlugin).items() if not name.startswith("_") and callable(value)}
    assert offered == set(FIXTURE_NAMES)
