"""HTTP tests for ``uploads.py`` and ``api/uploads.py``: the upload forms and the JSON upload API.

Files go up the way a browser sends them: ``data={"file": (io.BytesIO(...), "name.txt")}``
makes the test client build a multipart/form-data body. The test config points
UPLOAD_FOLDER at ``tmp_path / "uploads"``, so every test starts with no folder at all.
"""

import hashlib
import io
import uuid
from urllib.parse import urlsplit

import pytest

from sample_app.extensions import db
from sample_app.models import Upload, User
from sample_app.services import file_storage

from .helpers import FILES, files_in, log_in_through_session, sent_file, sent_from_files, stored_uploads, token_pair


# --8<-- [start:uploads-multipart-helper]
def multipart(fields: dict) -> dict:
    """Form data for the test client, with ``(bytes, filename)`` pairs turned into files."""
    return {key: sent_file(*value) if isinstance(value, tuple) else value for key, value in fields.items()}


# --8<-- [end:uploads-multipart-helper]


@pytest.fixture
def api_upload(client):
    """Upload ``files/hello.txt`` anonymously through the API; returns the JSON metadata."""
    response = client.post("/api/upload", data={"file": sent_from_files("hello.txt")})
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def owned_upload(auth_client):
    """Upload ``files/hello.txt`` as ``user`` through the API; returns the JSON metadata."""
    response = auth_client.post("/api/upload", data={"file": sent_from_files("hello.txt")})
    assert response.status_code == 200
    return response.get_json()


class TestUploadForms:
    @pytest.mark.parametrize("url", ["/upload", "/upload/image"])
    def test_anonymous_visitors_are_sent_to_login(self, client, upload_folder, url):
        """The upload pages, and posting to them, are for logged-in users only."""
        page = client.get(url)
        post = client.post(url, data={"file": sent_from_files("hello.txt"), "image": sent_from_files("red_3x2.png")})

        for response in (page, post):
            assert response.status_code in (302, 303)
            assert urlsplit(response.headers["Location"]).path == "/login"
        assert files_in(upload_folder) == []

    def test_file_form_has_file_and_description_fields(self, auth_client):
        """GET /upload shows a multipart form listing the allowed types."""
        response = auth_client.get("/upload")

        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in response.text
        assert 'type="file" id="file" name="file"' in response.text
        assert 'accept=".csv,.gif,.jpeg,.jpg,.md,.pdf,.png,.txt"' in response.text
        assert "Allowed types: csv, gif, jpeg, jpg, md, pdf, png, txt." in response.text
        # The longest description the API takes, and an empty one to start with.
        assert f'maxlength="{file_storage.MAX_DESCRIPTION_LENGTH}"></textarea>' in response.text

    def test_image_form_accepts_only_image_types(self, auth_client):
        """GET /upload/image offers an "image" field limited to PNG, JPEG and GIF names."""
        response = auth_client.get("/upload/image")

        assert response.status_code == 200
        assert 'name="image"' in response.text
        assert 'accept=".gif,.jpeg,.jpg,.png"' in response.text

    def test_uploading_a_file_stores_it_for_the_user(self, app, auth_client, user, upload_folder):
        """A good upload answers 200 with the success message and keeps the bytes."""
        content = (FILES / "hello.txt").read_bytes()

        response = auth_client.post(
            "/upload", data={"file": sent_file(content, "hello.txt"), "description": "A greeting"}
        )

        assert response.status_code == 200
        assert "File uploaded successfully" in response.text
        [row] = stored_uploads(app)
        assert (row["owner_id"], row["original_name"], row["description"]) == (user.id, "hello.txt", "A greeting")
        assert (upload_folder / row["stored_name"]).read_bytes() == content
        assert row["sha256"] in response.text

    @pytest.mark.parametrize(
        "files",
        [{}, {"file": (b"data", "")}, {"file": (b"", "empty.txt")}],
        ids=["no-file-part", "empty-filename", "zero-bytes"],
    )
    def test_upload_without_a_file_is_refused(self, app, auth_client, files):
        """Submitting the form without a (non-empty) file answers 400 "No file selected"."""
        response = auth_client.post("/upload", data=multipart(files))

        assert response.status_code == 400
        assert "No file selected" in response.text
        assert stored_uploads(app) == []

    # --8<-- [start:uploads-form-refusal]
    def test_disallowed_type_is_refused_and_the_form_kept(self, app, auth_client, upload_folder):
        """hack.exe answers 400 with the reason next to the field; the description survives."""
        response = auth_client.post(
            "/upload", data={"file": sent_file(b"MZ", "hack.exe"), "description": "totally safe"}
        )

        assert response.status_code == 400
        assert "File type not allowed" in response.text
        assert 'aria-invalid="true"' in response.text
        assert ">totally safe</textarea>" in response.text
        assert files_in(upload_folder) == []

    # --8<-- [end:uploads-form-refusal]

    def test_too_long_description_is_refused(self, auth_client):
        """The description error is shown on the description field."""
        response = auth_client.post("/upload", data={"file": sent_from_files("hello.txt"), "description": "x" * 501})

        assert response.status_code == 400
        assert 'id="description-errors"' in response.text

    def test_uploading_an_image_shows_its_dimensions(self, app, auth_client):
        """POST /upload/image answers 200 with the width and height Pillow read."""
        response = auth_client.post("/upload/image", data={"image": sent_from_files("red_3x2.png")})

        assert response.status_code == 200
        assert "File uploaded successfully" in response.text
        assert "3 × 2 pixels" in response.text
        [row] = stored_uploads(app)
        assert (row["kind"], row["description"]) == ("image", ""), "no description sent, none stored"

    def test_text_file_named_png_is_refused_as_image(self, app, auth_client):
        """A text file called photo.png is not an image, whatever its name says."""
        response = auth_client.post(
            "/upload/image", data={"image": sent_from_files("text_named.png", sent_as="photo.png")}
        )

        assert response.status_code == 400
        assert "not a valid image" in response.text
        assert stored_uploads(app) == []

    def test_hostile_file_name_is_shown_escaped(self, auth_client):
        """Markup in a file name is displayed as text, never run as HTML."""
        response = auth_client.post("/upload", data={"file": sent_file(b"hi", "<img src=x onerror=alert(1)>.txt")})

        assert response.status_code == 200
        assert "&lt;img src=x onerror=alert(1)&gt;.txt" in response.text
        assert "<img src=x" not in response.text


class TestApiUpload:
    # --8<-- [start:uploads-tutorial-request]
    def test_upload_answers_200_with_metadata(self, client, upload_folder):
        """The tutorial's request: a plain multipart POST gets the stored file's metadata."""
        response = client.post(
            "/api/upload",
            data={"file": (io.BytesIO(b"test file content"), "test_file.txt")},
            content_type="multipart/form-data",
        )

        assert response.status_code == 200
        body = response.get_json()
        assert body.keys() >= {"id", "original_name", "stored_name", "size", "sha256", "content_type", "url"}
        assert body["original_name"] == "test_file.txt"
        assert body["size"] == len(b"test file content")
        assert body["sha256"] == hashlib.sha256(b"test file content").hexdigest()
        assert body["content_type"] == "text/plain"
        assert body["url"] == f"/api/uploads/{body['id']}/download"
        assert body["owner_id"] is None
        assert body["description"] == ""
        assert files_in(upload_folder) == [body["stored_name"]]

    # --8<-- [end:uploads-tutorial-request]

    def test_upload_records_the_logged_in_user_as_owner(self, auth_client, user):
        """With a session, the uploader becomes the owner."""
        response = auth_client.post("/api/upload", data={"file": sent_from_files("hello.txt")})

        assert response.get_json()["owner_id"] == user.id

    def test_a_token_in_a_cookie_is_not_read_even_when_the_config_allows_cookies(self, app, client, user, monkeypatch):
        """The upload API reads tokens from the Authorization header only: its CSRF check expects no other."""
        monkeypatch.setitem(app.config, "JWT_TOKEN_LOCATION", ["headers", "json", "cookies"])
        monkeypatch.setitem(app.config, "JWT_COOKIE_CSRF_PROTECT", False)
        client.set_cookie("access_token_cookie", token_pair(client, user)["access_token"])

        response = client.post("/api/upload", data={"file": sent_from_files("hello.txt")})

        assert response.status_code == 200
        assert response.get_json()["owner_id"] is None, "the cookie's token made the caller its owner"

    def test_same_name_twice_keeps_both_files(self, client, upload_folder):
        """Uploading report.txt twice stores two files; the first is not overwritten."""
        first = client.post("/api/upload", data={"file": sent_file(b"first", "report.txt")}).get_json()
        second = client.post("/api/upload", data={"file": sent_file(b"second", "report.txt")}).get_json()

        assert first["stored_name"] != second["stored_name"]
        assert (upload_folder / first["stored_name"]).read_bytes() == b"first"
        assert (upload_folder / second["stored_name"]).read_bytes() == b"second"

    # --8<-- [start:uploads-hostile-names]
    @pytest.mark.parametrize(
        "filename",
        ["../../evil.txt", "/etc/cron.d/evil.txt", "..txt", "文件.txt", "a" * 251 + ".txt"],
        ids=["traversal", "absolute", "only-dots", "unicode", "longest-allowed"],
    )
    def test_hostile_names_end_up_inside_the_upload_folder(self, client, upload_folder, filename):
        """No client-chosen name can place a file anywhere but directly in UPLOAD_FOLDER."""
        response = client.post("/api/upload", data={"file": sent_file(b"payload", filename)})

        assert response.status_code == 200
        stored_name = response.get_json()["stored_name"]
        assert files_in(upload_folder) == [stored_name]
        assert (upload_folder / stored_name).resolve().parent == upload_folder.resolve()

    # --8<-- [end:uploads-hostile-names]

    # --8<-- [start:uploads-bad-uploads]
    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({}, "file", "No file selected"),
            ({"file": (b"data", "")}, "file", "No file selected"),
            ({"file": (b"", "empty.txt")}, "file", "the file is empty"),
            ({"file": (b"MZ", "hack.exe")}, "file", "File type not allowed"),
            ({"file": (b"root:x:0:0", "../../etc/passwd")}, "file", "File type not allowed"),
            ({"file": (b"x", "a" * 252 + ".txt")}, "file", "too long"),
            ({"file": (b"x", "a.txt"), "description": "x" * 501}, "description", "too long"),
            ({"file": "a text field, not a file"}, "file", "No file selected"),
        ],
        ids=[
            "no-file-part",
            "empty-filename",
            "zero-bytes",
            "exe",
            "traversal",
            "name-too-long",
            "description-too-long",
            "text-instead-of-file",
        ],
    )
    def test_bad_uploads_get_a_400_json_envelope(self, app, client, upload_folder, fields, field, message):
        """Every refusal is a 400 validation error naming the field, and stores nothing."""
        response = client.post("/api/upload", data=multipart(fields))

        assert response.status_code == 400
        body = response.get_json()
        assert (body["error"], body["code"], body["status"]) == ("Bad Request", "validation_error", 400)
        assert list(body["errors"]) == [field]
        assert message in body["errors"][field][0]
        assert body["message"] == body["errors"][field][0], "the envelope's message is the field's reason"
        assert stored_uploads(app) == []
        assert files_in(upload_folder) == []

    # --8<-- [end:uploads-bad-uploads]

    # --8<-- [start:uploads-not-multipart]
    @pytest.mark.parametrize(
        "request_kwargs",
        [
            {"json": {"file": "aGVsbG8="}},
            {"data": b"garbage", "content_type": "multipart/form-data"},
            {"data": b"garbage", "content_type": "multipart/form-data; boundary=x"},
        ],
        ids=["json-instead-of-multipart", "multipart-without-boundary", "malformed-multipart"],
    )
    def test_bodies_that_are_not_multipart_get_a_400(self, app, client, request_kwargs):
        """A body Werkzeug cannot read as multipart simply holds no file: 400, not 500."""
        response = client.post("/api/upload", **request_kwargs)

        assert response.status_code == 400
        assert response.get_json()["errors"] == {"file": ["No file selected"]}
        assert stored_uploads(app) == []

    # --8<-- [end:uploads-not-multipart]

    @pytest.mark.parametrize(
        ("name", "size"),
        [("red_3x2.png", (3, 2)), ("blue_4x3.jpg", (4, 3)), ("black_2x2.gif", (2, 2))],
        ids=["png", "jpeg", "gif"],
    )
    def test_image_upload_answers_with_dimensions(self, client, name, size):
        """POST /api/upload/image reports the width and height of a real image."""
        response = client.post("/api/upload/image", data={"image": sent_from_files(name)})

        assert response.status_code == 200
        body = response.get_json()
        assert (body["kind"], body["width"], body["height"]) == ("image", *size)
        # Pillow read the stream first; the hash must still cover every byte.
        assert body["sha256"] == hashlib.sha256((FILES / name).read_bytes()).hexdigest()

    # --8<-- [start:uploads-bad-images]
    @pytest.mark.parametrize(
        ("name", "sent_as", "message"),
        [
            ("text_named.png", "photo.png", "not a valid"),
            ("bad_checksum.png", "photo.png", "not a valid"),
            ("black_2x2.bmp", "photo.png", "not a valid"),
            ("red_3x2.png", "photo.gif", "named .gif"),
            ("hello.txt", "hello.txt", "File type not allowed"),
            ("bomb_10000x10000.png", "bomb.png", "too many pixels"),
            ("bomb_20000x20000.png", "bomb.png", "too many pixels"),
        ],
        ids=["text-named-png", "bad-checksum", "bmp", "png-named-gif", "text-file", "bomb-warning", "bomb-error"],
    )
    def test_bad_images_get_a_400_not_a_500(self, app, client, name, sent_as, message):
        """Bad content, mismatched names and decompression bombs are all clean 400s."""
        response = client.post("/api/upload/image", data={"image": sent_from_files(name, sent_as=sent_as)})

        assert response.status_code == 400
        errors = response.get_json()["errors"]
        assert list(errors) == ["image"]
        assert message in errors["image"][0]
        assert stored_uploads(app) == []

    # --8<-- [end:uploads-bad-images]

    def test_failed_database_write_leaves_no_file(self, app, client, upload_folder, monkeypatch):
        """If the row cannot be saved, the client gets a 500 and the written file is removed."""
        monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
        fixed = uuid.UUID(int=3)
        monkeypatch.setattr(file_storage, "uuid4", lambda: fixed)
        with app.app_context():
            # A row already holds the name this upload will get, so the INSERT fails.
            db.session.add(
                Upload(
                    original_name="x.txt",
                    stored_name=f"{fixed.hex}_x.txt",
                    content_type="text/plain",
                    size=1,
                    sha256="0" * 64,
                )
            )
            db.session.commit()

        response = client.post("/api/upload", data={"file": sent_file(b"new", "x.txt")})

        assert response.status_code == 500
        assert response.get_json()["code"] == "internal_error"
        assert files_in(upload_folder) == []
        assert len(stored_uploads(app)) == 1


class TestApiUploadsById:
    # --8<-- [start:owner-or-admin]
    def test_owner_reads_the_metadata(self, auth_client, owned_upload):
        """GET /api/uploads/<id> by the owner returns what the upload returned, minus the message."""
        response = auth_client.get(f"/api/uploads/{owned_upload['id']}")

        assert response.status_code == 200
        assert response.get_json() == {key: value for key, value in owned_upload.items() if key != "message"}

    @pytest.mark.parametrize("suffix", ["", "/download"], ids=["metadata", "download"])
    def test_admin_reads_any_upload(self, app, owned_upload, admin_headers, suffix):
        """An administrator's token reads another user's upload."""
        with app.test_client().get(f"/api/uploads/{owned_upload['id']}{suffix}", headers=admin_headers) as response:
            assert response.status_code == 200

    @pytest.mark.parametrize("suffix", ["", "/download"], ids=["metadata", "download"])
    @pytest.mark.parametrize("caller", ["anonymous", "other user's session", "other user's token"])
    def test_nobody_else_learns_the_upload_exists(self, app, owned_upload, other_user, other_headers, caller, suffix):
        """Anyone but the owner or an admin gets the same 404 as for an id never used."""
        client = app.test_client()
        headers = other_headers if caller == "other user's token" else {}
        if caller == "other user's session":
            log_in_through_session(client, other_user.id)

        response = client.get(f"/api/uploads/{owned_upload['id']}{suffix}", headers=headers)

        assert response.status_code == 404
        assert response.get_json()["message"] == f"There is no upload with id {owned_upload['id']}."

    def test_anonymous_upload_is_readable_by_admins_only(self, client, api_upload, user, admin_headers):
        """An upload without owner belongs to no visitor and no user, only to the admins' view."""
        assert client.get(f"/api/uploads/{api_upload['id']}").status_code == 404
        log_in_through_session(client, user.id)
        assert client.get(f"/api/uploads/{api_upload['id']}").status_code == 404

        assert client.get(f"/api/uploads/{api_upload['id']}", headers=admin_headers).status_code == 200

    # --8<-- [end:owner-or-admin]

    # --8<-- [start:params-stacked]
    @pytest.mark.parametrize("upload_id", [999, 10**30], ids=["unknown", "beyond-64-bit"])
    @pytest.mark.parametrize(
        ("method", "suffix"),
        [("get", ""), ("get", "/download"), ("delete", "")],
        ids=["metadata", "download", "delete"],
    )
    def test_unknown_id_is_a_json_404(self, auth_client, upload_id, method, suffix):
        """Unknown uploads answer 404 in the API envelope, whatever the method, even for huge ids."""
        response = getattr(auth_client, method)(f"/api/uploads/{upload_id}{suffix}")

        assert response.status_code == 404
        assert response.get_json()["message"] == f"There is no upload with id {upload_id}."

    # --8<-- [end:params-stacked]

    # --8<-- [start:uploads-download]
    def test_download_sends_the_bytes_as_an_attachment(self, auth_client, owned_upload):
        """The download has the original name, the stored type and the exact bytes."""
        # send_file streams from an open file: closing the response closes it.
        with auth_client.get(owned_upload["url"]) as response:
            assert response.status_code == 200
            assert response.data == (FILES / "hello.txt").read_bytes()
            assert response.mimetype == "text/plain"
            assert response.headers["Content-Disposition"] == "attachment; filename=hello.txt"
            assert response.headers["X-Content-Type-Options"] == "nosniff"

    # --8<-- [end:uploads-download]

    def test_download_of_an_image_has_the_image_type(self, auth_client):
        """An uploaded PNG downloads as image/png."""
        body = auth_client.post("/api/upload/image", data={"image": sent_from_files("red_3x2.png")}).get_json()

        with auth_client.get(body["url"]) as response:
            assert response.mimetype == "image/png"
            assert response.data == (FILES / "red_3x2.png").read_bytes()

    def test_download_of_a_unicode_name_uses_the_rfc_5987_form(self, auth_client):
        """Non-ASCII names travel as filename*=UTF-8''... so browsers save them correctly."""
        body = auth_client.post("/api/upload", data={"file": sent_file(b"hi", "文件.txt")}).get_json()

        with auth_client.get(body["url"]) as response:
            assert "filename*=UTF-8''%E6%96%87%E4%BB%B6.txt" in response.headers["Content-Disposition"]

    def test_download_of_a_file_missing_from_disk_is_404(self, auth_client, owned_upload, upload_folder):
        """A row whose file was removed by hand gives a 404, not a 500."""
        (upload_folder / owned_upload["stored_name"]).unlink()

        response = auth_client.get(owned_upload["url"])

        assert response.status_code == 404
        assert response.get_json()["code"] == "not_found"

    def test_owner_can_delete_their_upload(self, auth_client, owned_upload, upload_folder):
        """DELETE by the owner answers 204 with no body and removes row and file."""
        response = auth_client.delete(f"/api/uploads/{owned_upload['id']}")

        assert response.status_code == 204
        assert response.data == b""
        assert files_in(upload_folder) == []
        assert auth_client.get(f"/api/uploads/{owned_upload['id']}").status_code == 404

    def test_other_users_cannot_delete_an_upload(self, app, owned_upload, other_user, upload_folder):
        """Someone else's session gets a 403 and the upload stays."""
        other_client = app.test_client()
        log_in_through_session(other_client, other_user.id)

        response = other_client.delete(f"/api/uploads/{owned_upload['id']}")

        assert response.status_code == 403
        assert response.get_json()["message"] == "Only the user who uploaded a file can delete it."
        assert files_in(upload_folder) == [owned_upload["stored_name"]]

    def test_anonymous_visitors_cannot_delete_an_upload(self, app, owned_upload, upload_folder):
        """Without a session, DELETE answers 403."""
        response = app.test_client().delete(f"/api/uploads/{owned_upload['id']}")

        assert response.status_code == 403
        assert files_in(upload_folder) == [owned_upload["stored_name"]]

    def test_anonymous_upload_cannot_be_deleted_by_anyone(self, client, api_upload, user, upload_folder):
        """An upload without owner is not "owned" by every anonymous visitor, nor by any user."""
        assert client.delete(f"/api/uploads/{api_upload['id']}").status_code == 403

        log_in_through_session(client, user.id)
        assert client.delete(f"/api/uploads/{api_upload['id']}").status_code == 403

        assert files_in(upload_folder) == [api_upload["stored_name"]]

    def test_deleting_a_user_keeps_their_uploads_without_owner(self, app, owned_upload, user):
        """The upload row survives its owner's account, with owner_id set to null."""
        with app.app_context():
            db.session.delete(db.session.get(User, user.id))
            db.session.commit()

        assert stored_uploads(app)[0]["owner_id"] is None


# --8<-- [start:uploads-size-limits]
class TestSizeLimits:
    """Werkzeug enforces these while parsing the body; errors.py turns them into 413 pages."""

    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"MAX_CONTENT_LENGTH": 8 * 1024, "MAX_FORM_MEMORY_SIZE": 1024, "MAX_FORM_PARTS": 4}

    def test_small_upload_is_still_accepted(self, client):
        """The limits leave room for an ordinary small file."""
        response = client.post("/api/upload", data={"file": sent_from_files("hello.txt"), "description": "ok"})

        assert response.status_code == 200

    def test_oversized_api_upload_gets_a_json_413(self, app, client, upload_folder):
        """A body over MAX_CONTENT_LENGTH gets a JSON 413 when the view reads the form, and nothing is stored."""
        response = client.post("/api/upload", data={"file": sent_file(b"x" * 9 * 1024, "big.txt")})

        assert response.status_code == 413
        assert response.get_json()["message"] == "The upload is larger than the size limit."
        assert files_in(upload_folder) == []
        assert stored_uploads(app) == []

    def test_oversized_form_upload_gets_a_friendly_page(self, auth_client, upload_folder):
        """Outside /api the same refusal is an HTML page, not a JSON body."""
        response = auth_client.post("/upload", data={"file": sent_file(b"x" * 9 * 1024, "big.txt")})

        assert response.status_code == 413
        assert response.mimetype == "text/html"
        assert "The upload is larger than the size limit." in response.text
        assert files_in(upload_folder) == []

    def test_text_field_over_max_form_memory_size_is_413(self, client):
        """MAX_FORM_MEMORY_SIZE caps each non-file field, even when the whole body is small enough."""
        response = client.post("/api/upload", data={"file": sent_from_files("hello.txt"), "description": "x" * 2048})

        assert response.status_code == 413

    def test_too_many_form_parts_is_413(self, client):
        """MAX_FORM_PARTS caps the number of fields and files in one body."""
        extra_fields = {f"field{number}": "x" for number in range(5)}

        response = client.post("/api/upload", data={"file": sent_from_files("hello.txt"), **extra_fields})

        assert response.status_code == 413


# --8<-- [end:uploads-size-limits]
