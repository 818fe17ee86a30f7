"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask, request

app = Flask(__name__)
app.config["TESTING"] = True
notes: list[dict] = []


@app.post("/api/notes")
def add_note():
    note = {"id": len(notes) + 1, "text": request.get_json()["text"]}
    return note, 201


@app.get("/api/notes")
def list_notes():
    return {"notes": notes}


def test_adding_a_note_works():
    """Posting a note succeeds."""
    response = app.test_client().post("/api/notes", json={"text": "Buy milk"})

    assert response.status_code == 201
