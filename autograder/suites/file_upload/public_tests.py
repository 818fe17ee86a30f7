"""Public self-check tests for the file upload exercise: a first taste of the hidden ones.

Passing them does not mean the app is complete; the hidden tests check every row of the spec.
"""

import hashlib

NOTES = b"Remember: oat milk.\n"
# A 3 x 2 PNG image.
PNG_3X2 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d000000164944415478da63fcffff3f"
    "03030303030313030c000036060301d4fda4720000000049454e44ae426082"
)


def error_code(response):
    body = response.get_json()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("code")
    return None


def test_text_upload_answers_201_with_its_metadata(client):
    """Uploading notes.txt answers 201 with its name, size, SHA-256 and type text/plain."""
    response = client.post("/files", data={"file": (NOTES, "notes.txt")})
    assert response.status_code == 201, f"uploading a text file should answer 201, got {response.status_code}"
    body = response.get_json() or {}
    expected = {
        "original_name": "notes.txt",
        "size": len(NOTES),
        "sha256": hashlib.sha256(NOTES).hexdigest(),
        "content_type": "text/plain",
    }
    got = {key: body.get(key) for key in expected}
    assert got == expected, f"the metadata should include {expected}, got {got}"


def test_png_upload_reports_width_and_height(client):
    """Uploading a 3 x 2 PNG answers width 3 and height 2."""
    response = client.post("/files", data={"file": (PNG_3X2, "dots.png")})
    assert response.status_code == 201, f"uploading a PNG should answer 201, got {response.status_code}"
    body = response.get_json() or {}
    assert (body.get("width"), body.get("height")) == (3, 2), f"expected width 3 and height 2, got {body}"


def test_disallowed_extension_answers_400(client):
    """Uploading a .exe answers 400 with code disallowed_extension."""
    response = client.post("/files", data={"file": (b"MZ...", "setup.exe")})
    assert response.status_code == 400, f"a .exe should answer 400, got {response.status_code}"
    assert error_code(response) == "disallowed_extension", (
        f"the error code should be 'disallowed_extension', got {response.shown_body}"
    )


def test_missing_file_answers_400(client):
    """A request without a file answers 400 with code missing_file."""
    response = client.post("/files", data={})
    assert response.status_code == 400, f"a request without a file should answer 400, got {response.status_code}"
    assert error_code(response) == "missing_file", f"the error code should be 'missing_file', got {response.shown_body}"


def test_download_returns_the_uploaded_bytes(client):
    """Downloading an uploaded file answers exactly its bytes."""
    file_id = client.post("/files", data={"file": (NOTES, "notes.txt")}).get_json()["id"]
    response = client.get(f"/files/{file_id}/download")
    assert response.status_code == 200, f"a download should answer 200, got {response.status_code}"
    assert response.data == NOTES, "the download should be exactly the uploaded bytes"
