"""Lesson 18, done right: check the whole answer, what was stored, and every kind of bad input."""

import pytest
from flask import Flask, request

MAX_NOTE_LENGTH = 200


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True
    notes: list[dict] = []

    @app.post("/api/notes")
    def add_note():
        data = request.get_json(silent=True)
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str) or not 1 <= len(text.strip()) <= MAX_NOTE_LENGTH:
            return {"error": f"text must be 1 to {MAX_NOTE_LENGTH} characters"}, 400
        note = {"id": len(notes) + 1, "text": text.strip()}
        notes.append(note)
        return note, 201

    @app.get("/api/notes")
    def list_notes():
        return {"notes": notes}

    return app


@pytest.fixture
def client():
    return create_app().test_client()


# --8<-- [start:body]
def test_added_note_is_returned_and_listed(client):
    """The answer shows the stored note, and the list really holds it."""
    response = client.post("/api/notes", json={"text": "  Buy milk "})

    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "text": "Buy milk"}
    assert client.get("/api/notes").get_json() == {"notes": [{"id": 1, "text": "Buy milk"}]}


# --8<-- [end:body]


# --8<-- [start:edge]
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"text": "Buy milk"', "application/json"),
        ('["Buy milk"]', "application/json"),
        ("{}", "application/json"),
        ('{"text": 42}', "application/json"),
        ('{"text": "   "}', "application/json"),
        ('{"text": "%s"}' % ("x" * (MAX_NOTE_LENGTH + 1)), "application/json"),
        ("text=Buy milk", "application/x-www-form-urlencoded"),
    ],
    ids=["malformed-json", "not-an-object", "missing-text", "number", "blank", "too-long", "form-body"],
)
def test_bad_input_is_refused_and_nothing_is_stored(client, body, content_type):
    """Every kind of bad body gets a 400 with a reason, never a 500, and the list stays empty."""
    response = client.post("/api/notes", data=body, content_type=content_type)

    assert response.status_code == 400
    assert response.get_json() == {"error": "text must be 1 to 200 characters"}
    assert client.get("/api/notes").get_json() == {"notes": []}


def test_note_of_exactly_the_maximum_length_is_accepted(client):
    """The limit itself is allowed: the boundary is where off-by-one bugs live."""
    response = client.post("/api/notes", json={"text": "x" * MAX_NOTE_LENGTH})

    assert response.status_code == 201


# --8<-- [end:edge]
