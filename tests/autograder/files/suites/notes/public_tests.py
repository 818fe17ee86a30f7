"""Public tests of the notes fixture exercise, run by the self-check."""


def test_creating_a_note_answers_201(client):
    """Creating a note answers 201."""
    r = client.post("/notes", json={"text": "buy milk"})
    assert r.status_code == 201, f"creating a note should answer 201, got {r.status_code}"


def test_reading_an_unknown_note_answers_404(client):
    """Reading a note that does not exist answers 404."""
    r = client.get("/notes/99")
    assert r.status_code == 404, f"an unknown note should answer 404, got {r.status_code}"


def test_an_empty_note_is_refused_with_400(client):
    """A note with blank text is refused with 400."""
    r = client.post("/notes", json={"text": ""})
    assert r.status_code == 400, f"a blank note should be refused with 400, got {r.status_code}"
