"""Predict the outcome: what does pytest report when it runs this module?"""

import flask
import pytest
from flask import Flask, current_app

app = Flask(__name__)
app.config.update(TESTING=True, SECRET_KEY="test-secret-key")


@pytest.fixture(autouse=True)
def no_leaked_app_context():
    """Fail any test that leaves an application context pushed."""
    yield
    assert not flask.has_app_context(), "the test left an application context pushed"


def test_app_has_a_secret_key():
    """Sessions need a secret key."""
    app.app_context().push()

    assert current_app.config["SECRET_KEY"]
