"""Predict the outcome: what does pytest report when it runs this module?"""

import io

from flask import Flask, request

app = Flask(__name__)
app.config["TESTING"] = True


@app.post("/upload")
def upload():
    file = request.files["file"]
    return {"name": file.filename, "size": len(file.read())}


NOTES = {"file": (io.BytesIO(b"Remember the milk"), "notes.txt")}


def test_upload_reports_the_file_name():
    """The answer names the uploaded file."""
    response = app.test_client().post("/upload", data=NOTES)

    assert response.get_json()["name"] == "notes.txt"


def test_upload_reports_the_size():
    """The answer counts the bytes received."""
    response = app.test_client().post("/upload", data=NOTES)

    assert response.get_json()["size"] == 17
