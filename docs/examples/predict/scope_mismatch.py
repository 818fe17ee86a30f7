"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
from flask import Flask


@pytest.fixture(scope="session")
def app(tmp_path):
    app = Flask(__name__)
    app.config.update(TESTING=True, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    return app


def test_uploads_go_to_a_temporary_folder(app, tmp_path):
    """The app stores uploads under the test's temporary folder."""
    assert app.config["UPLOAD_FOLDER"] == str(tmp_path / "uploads")
