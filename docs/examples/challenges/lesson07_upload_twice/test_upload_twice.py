"""Lesson 7 challenge, solved: a fresh file tuple for every request, then check the folder."""

from sample_app.tests.helpers import files_in, sent_file

CONTENT = b"Hello, uploads!\n"


def test_uploading_the_same_name_twice_keeps_both_files(client, upload_folder):
    """Two uploads of hello.txt are two files on disk, each with its own stored name."""
    first = client.post("/api/upload", data={"file": sent_file(CONTENT, "hello.txt")})
    second = client.post("/api/upload", data={"file": sent_file(CONTENT, "hello.txt")})

    assert (first.status_code, second.status_code) == (200, 200)
    uploads = [first.get_json(), second.get_json()]
    stored_names = [upload["stored_name"] for upload in uploads]
    assert stored_names[0] != stored_names[1], f"both uploads were stored as {stored_names[0]}"
    assert [upload["original_name"] for upload in uploads] == ["hello.txt", "hello.txt"]
    assert files_in(upload_folder) == sorted(stored_names)
    for name in stored_names:
        assert (upload_folder / name).read_bytes() == CONTENT, f"{name} does not hold what was sent"
