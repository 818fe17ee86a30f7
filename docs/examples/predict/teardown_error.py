"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
from flask import Flask, request


def create_app(upload_folder) -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.post("/notes")
    def save_note():
        (upload_folder / "note.txt").write_text(request.get_data(as_text=True))
        return {"saved": "note.txt"}, 201

    return app


@pytest.fixture
def upload_folder(tmp_path):
    """An empty folder for the test; removed again afterwards."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    yield folder
    folder.rmdir()


def test_note_is_saved_as_a_file(upload_folder):
    """Posting a note stores it in the upload folder."""
    response = create_app(upload_folder).test_client().post("/notes", data="Buy milk")

    assert response.status_code == 201
    assert (upload_folder / "note.txt").read_text() == "Buy milk"
