"""Lesson 7 challenge: upload the same file twice; both copies are kept, side by side."""

import io

HELLO = (io.BytesIO(b"Hello, uploads!\n"), "hello.txt")


def test_uploading_the_same_name_twice_keeps_both_files(client, upload_folder):
    """Two uploads of hello.txt are two files on disk, each with its own stored name."""
    first = client.post("/api/upload", data={"file": HELLO})
    second = client.post("/api/upload", data={"file": HELLO})

    assert first.status_code == 200
    assert second.status_code == 200
