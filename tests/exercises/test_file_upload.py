"""Checks only the `file_upload` exercise needs; the shared contract is in test_exercises.py."""

from tests.exercises import harness


def test_reference_app_keeps_uploads_inside_upload_folder(tmp_path, load_app_module, app_session):
    """On disk, a hostile name ends up as the stored name inside UPLOAD_FOLDER, and DELETE removes it."""
    folder = tmp_path / "uploads"
    module = load_app_module(harness.reference_source("file_upload"))
    session = app_session(module, app_config={"UPLOAD_FOLDER": str(folder)})
    body = session.client.post("/files", data={"file": (b"escape attempt\n", "../../escape.txt")}).get_json()
    assert [path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()] == [
        f"uploads/{body['stored_name']}"
    ]
    assert (folder / body["stored_name"]).read_bytes() == b"escape attempt\n"
    session.client.delete(f"/files/{body['id']}")
    assert list(folder.iterdir()) == []
