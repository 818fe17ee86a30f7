"""Hidden tests of the notes fixture exercise (they only use the fixture vocabulary)."""

import io


def _add(client, text="buy milk"):
    return client.post("/notes", json={"text": text})


def test_creating_a_note_answers_201_with_the_note(client):
    """Creating a note answers 201 with the stored note."""
    r = _add(client)
    assert r.status_code == 201, f"creating a note should answer 201, got {r.status_code}"
    assert r.get_json() == {"id": 1, "text": "buy milk"}, f"the new note should be returned, got {r.get_json()}"


def test_a_created_note_can_be_read_back(client):
    """A created note can be read back by its id."""
    note_id = _add(client).get_json()["id"]
    r = client.get(f"/notes/{note_id}")
    assert r.status_code == 200, f"reading an existing note should answer 200, got {r.status_code}"
    assert r.get_json()["text"] == "buy milk", "the note read back should have the text that was sent"


def test_listing_notes_shows_every_note(client):
    """Listing notes shows every note created."""
    _add(client, "one")
    _add(client, "two")
    texts = [note["text"] for note in client.get("/notes").get_json()]
    assert texts == ["one", "two"], f"the list should show both notes in order, got {texts}"


def test_reading_an_unknown_note_answers_404(client):
    """Reading a note that does not exist answers 404."""
    r = client.get("/notes/99")
    assert r.status_code == 404, f"an unknown note should answer 404, got {r.status_code}"


def test_a_deleted_note_is_gone(client):
    """A deleted note can no longer be read."""
    note_id = _add(client).get_json()["id"]
    assert client.delete(f"/notes/{note_id}").status_code == 204, "deleting a note should answer 204"
    r = client.get(f"/notes/{note_id}")
    assert r.status_code == 404, f"a deleted note should answer 404, got {r.status_code}"


def test_an_empty_note_is_refused_with_400(client):
    """A note with blank text is refused with 400."""
    r = _add(client, "   ")
    assert r.status_code == 400, f"a blank note should be refused with 400, got {r.status_code}"


def test_malformed_json_is_refused_with_400(client):
    """A body that is not valid JSON is refused with 400, not a crash."""
    r = client.post("/notes", data="{not json", content_type="application/json")
    assert r.status_code == 400, f"malformed JSON should be refused with 400, got {r.status_code}"


def test_a_note_longer_than_the_limit_is_refused(make_client):
    """A note longer than MAX_NOTE_LENGTH is refused with 400."""
    client = make_client(MAX_NOTE_LENGTH=5)
    r = _add(client, "too long for five")
    assert r.status_code == 400, f"a note over the length limit should be refused with 400, got {r.status_code}"


def test_emailing_a_note_sends_one_mail_to_the_recipient(client, outbox):
    """Emailing a note sends exactly one mail, to the address given."""
    note_id = _add(client).get_json()["id"]
    r = client.post(f"/notes/{note_id}/email", json={"to": "friend@example.com"})
    assert r.status_code == 202, f"emailing a note should answer 202, got {r.status_code}"
    assert len(outbox) == 1, f"exactly one mail should be sent, got {len(outbox)}"
    assert outbox[0]["recipients"] == ["friend@example.com"], "the mail should go to the address given"


def test_an_attachment_with_a_hostile_filename_is_stored_safely(client):
    """An attachment named ../../evil.txt is stored under a safe name."""
    note_id = _add(client).get_json()["id"]
    r = client.post(f"/notes/{note_id}/attachment", data={"file": (io.BytesIO(b"hi"), "../../evil.txt")})
    assert r.status_code == 201, f"a file upload should answer 201, got {r.status_code}"
    assert "/" not in r.get_json()["stored"], "the stored name must not contain a path"


def test_two_clients_of_one_app_share_its_notes(client):
    """A second client of the same app sees the notes the first one created."""
    _add(client)
    other = client.fresh()
    assert len(other.get("/notes").get_json()) == 1, "notes belong to the app, not to one client"
