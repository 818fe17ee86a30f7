"""Hidden specification tests for the file upload exercise.

They reach the learner's app only through the contract's ``client`` and ``make_client`` fixtures.
Test images are built here with the standard library (a PNG is a signature and a few zlib-packed
chunks), so nothing but plain Python is needed on this side.
"""

import hashlib
import re
import struct
import zlib

import pytest

from autograder.material.api_errors import assert_error, error_of

GIF_1X1 = bytes.fromhex("474946383761010001008000000000000000002c000000000100010000080400010404003b")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = "Shopping list:\n- oat milk\n- caf\u00e9 cr\u00e8me\n".encode()
METADATA_KEYS = {"id", "original_name", "stored_name", "size", "sha256", "content_type"}


# --- helpers -------------------------------------------------------------------------------------


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png(width, height, *, pixels=None):
    """A greyscale PNG of width x height; ``pixels`` replaces its (filter byte + row) data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = pixels if pixels is not None else (b"\x00" + b"\x80" * width) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
    )


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "the thumbnail should be a PNG image"
    return struct.unpack(">II", data[16:24])


def upload(client, content, filename, content_type=None):
    file = (content, filename) if content_type is None else (content, filename, content_type)
    return client.post("/files", data={"file": file})


def uploaded(client, content, filename, content_type=None):
    response = upload(client, content, filename, content_type)
    assert response.status_code == 201, f"uploading {filename!r} should answer 201, got {response.status_code}"
    body = response.get_json()
    assert isinstance(body, dict) and METADATA_KEYS <= set(body), (
        f"the upload answer should hold {sorted(METADATA_KEYS)}, got {response.shown_body}"
    )
    return body


def listed(client):
    response = client.get("/files")
    assert response.status_code == 200, f"GET /files should answer 200, got {response.status_code}"
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("files"), list), (
        f'GET /files should answer {{"files": [...]}}, got {response.shown_body}'
    )
    return body["files"]


def assert_refused_and_nothing_stored(client, response, code, doing):
    assert_error(response, 400, code, doing)
    assert listed(client) == [], f"after {doing} nothing should be stored"


# --- uploading -----------------------------------------------------------------------------------


def test_text_upload_answers_201_with_its_metadata(client):
    """Uploading a text file answers 201 with its name, size, SHA-256 and type, and no width or height."""
    body = uploaded(client, TEXT, "groceries.txt")
    assert body["original_name"] == "groceries.txt", (
        f"original_name should be 'groceries.txt', got {body['original_name']!r}"
    )
    assert body["size"] == len(TEXT), f"size should be the file's {len(TEXT)} bytes, got {body['size']}"
    assert body["sha256"] == hashlib.sha256(TEXT).hexdigest(), "sha256 should be the hex SHA-256 of the file's bytes"
    assert body["content_type"] == "text/plain", f"a .txt should be text/plain, got {body['content_type']!r}"
    assert "width" not in body and "height" not in body, "only images have width and height"


def test_upload_answers_the_location_of_the_new_file(client):
    """The upload answer's Location header is /files/<id> of the new file."""
    response = upload(client, TEXT, "notes.txt")
    assert response.status_code == 201, f"uploading should answer 201, got {response.status_code}"
    file_id = response.get_json()["id"]
    assert response.headers.get("Location") == f"/files/{file_id}", (
        f"Location should be /files/{file_id}, got {response.headers.get('Location')!r}"
    )


def test_png_upload_reports_its_width_and_height(client):
    """Uploading a PNG answers its width and height in pixels and the type image/png."""
    body = uploaded(client, png(3, 2), "dots.png")
    assert (body.get("width"), body.get("height")) == (3, 2), (
        f"a 3 x 2 PNG should have width 3 and height 2, got {body.get('width')} x {body.get('height')}"
    )
    assert body["content_type"] == "image/png", f"a PNG should be image/png, got {body['content_type']!r}"


def test_gif_upload_is_accepted(client):
    """A GIF image is accepted as image/gif with its dimensions."""
    body = uploaded(client, GIF_1X1, "pixel.gif")
    assert body["content_type"] == "image/gif", f"a GIF should be image/gif, got {body['content_type']!r}"
    assert (body.get("width"), body.get("height")) == (1, 1), "a 1 x 1 GIF should have width 1 and height 1"


def test_pdf_upload_is_accepted(client):
    """A PDF document is accepted as application/pdf."""
    body = uploaded(client, PDF, "invoice.pdf")
    assert body["content_type"] == "application/pdf", f"a PDF should be application/pdf, got {body['content_type']!r}"


def test_extension_is_not_case_sensitive(client):
    """An upload named PHOTO.PNG is accepted like photo.png."""
    body = uploaded(client, png(2, 2), "PHOTO.PNG")
    assert body["content_type"] == "image/png", f"PHOTO.PNG should be image/png, got {body['content_type']!r}"


def test_client_declared_type_is_not_trusted(client):
    """The server decides content_type from the content, whatever type the client declares."""
    image = uploaded(client, png(2, 2), "cat.png", "text/html")
    text = uploaded(client, TEXT, "notes.txt", "image/png")
    assert image["content_type"] == "image/png", "a PNG declared as text/html is still image/png"
    assert text["content_type"] == "text/plain", "a text file declared as image/png is still text/plain"


def test_same_name_twice_keeps_both_files(client):
    """Two uploads with the same name are two files: neither overwrites the other."""
    first = uploaded(client, b"first version\n", "notes.txt")
    second = uploaded(client, b"second version\n", "notes.txt")
    assert first["id"] != second["id"] and first["stored_name"] != second["stored_name"], (
        "each upload should get its own id and stored_name"
    )
    assert client.get(f"/files/{first['id']}/download").data == b"first version\n", "the first file was overwritten"
    assert client.get(f"/files/{second['id']}/download").data == b"second version\n"


# --- refused uploads -----------------------------------------------------------------------------


def test_missing_file_field_answers_400(client):
    """A form without a 'file' field answers 400 with code missing_file."""
    response = client.post("/files", data={"document": (TEXT, "notes.txt")})
    assert_refused_and_nothing_stored(client, response, "missing_file", "a form without a 'file' field")


def test_json_instead_of_multipart_answers_400(client):
    """A JSON body instead of a multipart form answers 400 with code missing_file."""
    response = client.post("/files", json={"file": "notes.txt"})
    assert_refused_and_nothing_stored(client, response, "missing_file", "a JSON body")


def test_file_without_a_name_answers_400(client):
    """A file part with an empty filename answers 400 with code missing_file."""
    response = upload(client, TEXT, "")
    assert_refused_and_nothing_stored(client, response, "missing_file", "a file without a name")


def test_empty_file_answers_400(client):
    """A zero-byte file answers 400 with code empty_file."""
    response = upload(client, b"", "empty.txt")
    assert_refused_and_nothing_stored(client, response, "empty_file", "an empty file")


@pytest.mark.parametrize("filename", ["virus.exe", "page.html", "drawing.svg", "README", "photo.png.exe"])
def test_disallowed_extension_answers_400(client, filename):
    """A name without one of the allowed extensions (only the last one counts) answers 400 disallowed_extension."""
    response = upload(client, TEXT, filename)
    assert_refused_and_nothing_stored(client, response, "disallowed_extension", f"uploading {filename!r}")


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"just some text, honest", "fake.png"),
        (png(2, 2), "photo.jpg"),
        (png(2, 2), "animation.gif"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken.png"),
        (b"\x00\x00\x00\x01binary\x00data", "notes.txt"),
        ("caf\u00e9".encode("latin-1"), "latin1.txt"),
        (b"<html>not a pdf</html>", "invoice.pdf"),
    ],
    ids=["text-as-png", "png-as-jpg", "png-as-gif", "broken-png", "binary-as-txt", "not-utf8-txt", "html-as-pdf"],
)
def test_content_that_does_not_match_the_extension_answers_400(client, content, filename):
    """Content that is not what the extension promises answers 400 with code content_mismatch."""
    response = upload(client, content, filename)
    doing = f"uploading {filename!r} with other content"
    assert_refused_and_nothing_stored(client, response, "content_mismatch", doing)


def test_truncated_image_answers_400(client):
    """A PNG cut off in the middle of its pixel data answers 400 with code content_mismatch."""
    # A pattern that does not compress away, so that half the file is half the pixels.
    complete = png(300, 150, pixels=b"".join(b"\x00" + bytes(x * y % 251 for x in range(300)) for y in range(150)))
    response = upload(client, complete[: len(complete) // 2], "cut.png")
    assert_refused_and_nothing_stored(client, response, "content_mismatch", "a truncated PNG")


def test_image_with_more_pixels_than_allowed_answers_400(make_client):
    """An image with more pixels than MAX_IMAGE_PIXELS answers 400 with code image_too_large."""
    client = make_client(MAX_IMAGE_PIXELS=100)
    response = upload(client, png(20, 20), "big.png")
    assert_refused_and_nothing_stored(client, response, "image_too_large", "a 400-pixel image with a 100-pixel limit")


def test_decompression_bomb_answers_400(client):
    """A tiny PNG whose header claims 100000 x 100000 pixels answers 400 image_too_large, never a crash."""
    response = upload(client, png(100_000, 100_000, pixels=b"\x00"), "bomb.png")
    assert_refused_and_nothing_stored(client, response, "image_too_large", "a decompression bomb")


def test_oversized_upload_answers_413(make_client):
    """A request larger than MAX_CONTENT_LENGTH answers 413 with code file_too_large and stores nothing."""
    client = make_client(MAX_CONTENT_LENGTH=1024)
    response = upload(client, b"x" * 4096, "big.txt")
    assert_error(response, 413, "file_too_large", "a 4 kB upload with a 1 kB limit")
    assert listed(client) == [], "after a refused upload nothing should be stored"


def test_refused_upload_keeps_the_files_already_stored(client):
    """Refused uploads leave the files already stored untouched."""
    kept = uploaded(client, TEXT, "keep.txt")
    upload(client, b"not an image", "keep.png")
    upload(client, b"", "keep.txt")
    assert listed(client) == [kept], "only the first, valid upload should be listed"
    assert client.get(f"/files/{kept['id']}/download").data == TEXT, "the stored file's bytes must not change"


# --- names and paths -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename",
    ["../../etc/passwd.txt", "..\\..\\windows\\evil.txt", "/tmp/../abs.txt"],
    ids=["dot-dot-slash", "backslashes", "absolute"],
)
def test_path_in_the_filename_is_neutralised(client, filename):
    """A name with a path in it is stored under a safe name and the file stays downloadable."""
    body = uploaded(client, TEXT, filename)
    for key in ("original_name", "stored_name"):
        name = body[key]
        assert "/" not in name and "\\" not in name and not name.startswith("."), (
            f"{key} must be a plain file name without path parts, got {name!r}"
        )
    assert client.get(f"/files/{body['id']}/download").data == TEXT, "the file should download with its bytes"


def test_stored_name_is_chosen_by_the_server(client):
    """stored_name is a name of the server's own, not the uploaded name, with the lower-cased extension."""
    body = uploaded(client, png(2, 2), "Holiday Photo.PNG")
    assert "Holiday" not in body["stored_name"] and "Photo" not in body["stored_name"], (
        f"stored_name should not be built from the uploaded name, got {body['stored_name']!r}"
    )
    assert body["stored_name"].endswith(".png"), f"stored_name should end with '.png', got {body['stored_name']!r}"


def test_original_name_is_made_safe(client):
    """original_name is the uploaded name made safe: no spaces or path, extension kept."""
    body = uploaded(client, TEXT, "../my notes.txt")
    assert body["original_name"] == "my_notes.txt", (
        f"'../my notes.txt' should become 'my_notes.txt' (werkzeug's secure_filename), got {body['original_name']!r}"
    )


# --- reading, downloading, deleting --------------------------------------------------------------


def test_new_app_has_no_files(client):
    """A new app lists no files."""
    assert listed(client) == [], "a new app should have no files"


def test_list_shows_every_file_in_upload_order(client):
    """GET /files lists the metadata of every file, oldest first."""
    first = uploaded(client, TEXT, "a.txt")
    second = uploaded(client, png(2, 2), "b.png")
    assert listed(client) == [first, second], "GET /files should list both uploads' metadata in upload order"


def test_metadata_can_be_read_back(client):
    """GET /files/<id> answers the same metadata as the upload did."""
    body = uploaded(client, png(4, 3), "tiles.png")
    response = client.get(f"/files/{body['id']}")
    assert response.status_code == 200, f"GET /files/<id> should answer 200, got {response.status_code}"
    assert response.get_json() == body, "the metadata read back should equal the upload answer"


def test_unknown_file_answers_404(client):
    """Metadata, download, thumbnail and delete of a file that does not exist answer 404 file_not_found."""
    for method, path in [
        ("get", "/files/999"),
        ("get", "/files/999/download"),
        ("get", "/files/999/thumbnail"),
        ("delete", "/files/999"),
    ]:
        assert_error(getattr(client, method)(path), 404, "file_not_found", f"{method.upper()} {path}")


def test_download_returns_the_exact_bytes_with_type_and_name(client):
    """A download answers the exact bytes, the file's type and an attachment with the original name."""
    body = uploaded(client, PDF, "invoice.pdf")
    response = client.get(f"/files/{body['id']}/download")
    assert response.status_code == 200, f"a download should answer 200, got {response.status_code}"
    assert response.data == PDF, "the downloaded bytes should be exactly the uploaded ones"
    assert response.mimetype == "application/pdf", f"the download should be application/pdf, got {response.mimetype!r}"
    disposition = response.headers.get("Content-Disposition", "")
    assert disposition.startswith("attachment") and "invoice.pdf" in disposition, (
        f"Content-Disposition should be an attachment named invoice.pdf, got {disposition!r}"
    )


def test_download_forbids_type_sniffing(client):
    """Downloads carry X-Content-Type-Options: nosniff, so a browser never runs a text file as HTML."""
    body = uploaded(client, b"<script>alert(1)</script>\n", "looks-like-html.txt")
    response = client.get(f"/files/{body['id']}/download")
    assert response.mimetype == "text/plain", f"a .txt should download as text/plain, got {response.mimetype!r}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", "downloads need X-Content-Type-Options: nosniff"


def test_delete_answers_204_and_the_file_is_gone(client):
    """DELETE answers 204 with no body; afterwards the file's metadata and download answer 404."""
    body = uploaded(client, TEXT, "old.txt")
    response = client.delete(f"/files/{body['id']}")
    assert response.status_code == 204, f"DELETE should answer 204, got {response.status_code}"
    assert response.data == b"", "a 204 answer has no body"
    assert_error(client.get(f"/files/{body['id']}"), 404, "file_not_found", "reading a deleted file")
    assert_error(client.get(f"/files/{body['id']}/download"), 404, "file_not_found", "downloading a deleted file")
    assert listed(client) == [], "a deleted file should not be listed"


def test_delete_keeps_the_other_files(client):
    """Deleting one file leaves the others listed and downloadable."""
    gone = uploaded(client, TEXT, "gone.txt")
    kept = uploaded(client, PDF, "kept.pdf")
    client.delete(f"/files/{gone['id']}")
    assert listed(client) == [kept], "only the other file should still be listed"
    assert client.get(f"/files/{kept['id']}/download").data == PDF, "the other file should still download"


# --- thumbnails ----------------------------------------------------------------------------------


def test_thumbnail_is_a_png_within_128_pixels_keeping_the_shape(client):
    """The thumbnail of a 300 x 150 image is a 128 x 64 PNG."""
    body = uploaded(client, png(300, 150), "wide.png")
    response = client.get(f"/files/{body['id']}/thumbnail")
    assert response.status_code == 200, f"a thumbnail should answer 200, got {response.status_code}"
    assert response.mimetype == "image/png", f"a thumbnail should be image/png, got {response.mimetype!r}"
    assert png_size(response.data) == (128, 64), (
        f"a 300 x 150 image should shrink to 128 x 64, got {png_size(response.data)}"
    )


def test_thumbnail_of_a_small_image_is_not_enlarged(client):
    """The thumbnail of an image smaller than 128 pixels keeps its size."""
    body = uploaded(client, png(3, 2), "tiny.png")
    assert png_size(client.get(f"/files/{body['id']}/thumbnail").data) == (3, 2), "a 3 x 2 image should stay 3 x 2"


def test_thumbnail_of_a_gif_is_a_png(client):
    """A GIF's thumbnail is a PNG too."""
    body = uploaded(client, GIF_1X1, "pixel.gif")
    response = client.get(f"/files/{body['id']}/thumbnail")
    assert response.status_code == 200, f"a GIF's thumbnail should answer 200, got {response.status_code}"
    assert png_size(response.data) == (1, 1), "a 1 x 1 GIF's thumbnail should be a 1 x 1 PNG"


@pytest.mark.parametrize(("content", "filename"), [(TEXT, "notes.txt"), (PDF, "invoice.pdf")], ids=["text", "pdf"])
def test_thumbnail_of_a_document_answers_404(client, content, filename):
    """A file that is not an image has no thumbnail: 404 with code not_an_image."""
    body = uploaded(client, content, filename)
    assert_error(client.get(f"/files/{body['id']}/thumbnail"), 404, "not_an_image", f"the thumbnail of {filename}")


# --- errors outside the routes -------------------------------------------------------------------


def test_unknown_url_answers_json_404(client):
    """An unknown URL answers 404 with the JSON error envelope, not an HTML page."""
    response = client.get("/uploads")
    assert response.status_code == 404, f"an unknown URL should answer 404, got {response.status_code}"
    assert error_of(response), f"the 404 should use the JSON error envelope, got {response.shown_body}"


def test_wrong_method_answers_json_405(client):
    """A method a URL does not support answers 405 with the JSON error envelope."""
    response = client.put("/files", json={})
    assert response.status_code == 405, f"PUT /files should answer 405, got {response.status_code}"
    assert error_of(response), f"the 405 should use the JSON error envelope, got {response.shown_body}"
    assert re.search(r"\bPOST\b", response.headers.get("Allow", "")), "a 405 should name the allowed methods in Allow"
