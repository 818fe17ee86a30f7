"""Unit tests for ``services.file_storage``: names, paths, validation and saving.

The service is called directly with werkzeug ``FileStorage`` objects, the same type
``request.files`` hands to the views; ``test_uploads.py`` covers the HTTP side.
"""

import hashlib
import io
import logging
import re
import uuid
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from sample_app.extensions import db
from sample_app.models import Upload
from sample_app.services import file_storage
from sample_app.services.file_storage import UnsafePath, UploadRejected

from .helpers import FILES, files_in, stored_uploads

RANDOM_PREFIX = re.compile(r"\A[0-9a-f]{32}_")


# --8<-- [start:uploads-upload-of]
def upload_of(filename: str, content: bytes) -> FileStorage:
    """What ``request.files`` would hold for this upload."""
    return FileStorage(io.BytesIO(content), filename=filename)


def upload_from_files(name: str, *, sent_as: str | None = None) -> FileStorage:
    """A file from ``files/``, optionally under another name, as a browser would send it."""
    return upload_of(sent_as or name, (FILES / name).read_bytes())


# --8<-- [end:uploads-upload-of]


class TestNames:
    # --8<-- [start:uploads-display-name-table]
    @pytest.mark.parametrize(
        ("sent", "shown"),
        [
            ("report.txt", "report.txt"),
            ("../../etc/passwd", "passwd"),
            ("/var/www/evil.txt", "evil.txt"),
            ("C:\\Users\\me\\notes.txt", "notes.txt"),
            ("文件.txt", "文件.txt"),
            ("line\nbreak.txt", "linebreak.txt"),
            ("evil\u202etxt.exe", "eviltxt.exe"),
            ("  padded.txt  ", "padded.txt"),
        ],
        ids=["plain", "traversal", "absolute", "windows-path", "unicode", "newline", "bidi-override", "spaces"],
    )
    def test_display_name_keeps_last_component_without_control_characters(self, sent, shown):
        """The shown name drops directories and characters that could break headers or mislead."""
        assert file_storage.display_name(sent) == shown

    # --8<-- [end:uploads-display-name-table]

    @pytest.mark.parametrize(
        ("name", "extension"),
        [("photo.PNG", "png"), ("archive.tar.gz", "gz"), ("README", ""), ("trailing.", ""), (".txt", "txt")],
    )
    def test_extension_is_the_lower_cased_last_suffix(self, name, extension):
        """Only the part after the last dot counts, whatever its case."""
        assert file_storage.extension_of(name) == extension

    @pytest.mark.parametrize(
        ("name", "extension", "stored_suffix"),
        [
            ("evil.txt", "txt", "evil.txt"),
            ("résumé.txt", "txt", "resume.txt"),
            ("my report (final).txt", "txt", "my_report_final.txt"),
            ("文件.txt", "txt", "file.txt"),
            ("..txt", "txt", "file.txt"),
            ("<img src=x onerror=alert(1)>.txt", "txt", "img_srcx_onerroralert1.txt"),
            ("a" * 251 + ".txt", "txt", "a" * 100 + ".txt"),
        ],
        ids=["plain", "accents", "spaces-and-brackets", "secures-to-empty", "only-dots", "markup", "very-long"],
    )
    def test_stored_name_is_a_random_prefix_and_a_secure_name(self, name, extension, stored_suffix):
        """Stored names are ASCII, short enough for any file system and never chosen by the client."""
        stored = file_storage.stored_name_for(name, extension)

        assert RANDOM_PREFIX.match(stored)
        assert stored[33:] == stored_suffix

    def test_stored_names_differ_for_the_same_original_name(self):
        """Two uploads of report.txt get two different names on disk."""
        assert file_storage.stored_name_for("report.txt", "txt") != file_storage.stored_name_for("report.txt", "txt")


class TestPathInUploadFolder:
    def test_plain_name_resolves_inside_the_folder(self, app, upload_folder):
        """A stored name maps to a file directly in UPLOAD_FOLDER."""
        with app.app_context():
            path = file_storage.path_in_upload_folder("0123_report.txt")

        assert path == upload_folder.resolve() / "0123_report.txt"

    # --8<-- [start:uploads-path-refused]
    @pytest.mark.parametrize(
        "name",
        ["../escape.txt", "../../etc/passwd", "/etc/passwd", "sub/dir.txt", "", ".", ".."],
        ids=["parent", "traversal", "absolute", "subfolder", "empty", "dot", "dot-dot"],
    )
    def test_names_that_leave_the_folder_are_refused(self, app, name):
        """Anything but a plain file name in the folder raises UnsafePath."""
        with app.app_context(), pytest.raises(UnsafePath):
            file_storage.path_in_upload_folder(name)

    def test_symlink_pointing_outside_is_refused(self, app, upload_folder, tmp_path):
        """Resolving follows links, so a planted symlink cannot lead out of the folder."""
        upload_folder.mkdir()
        (upload_folder / "link.txt").symlink_to(tmp_path / "outside.txt")

        with app.app_context(), pytest.raises(UnsafePath):
            file_storage.path_in_upload_folder("link.txt")

    # --8<-- [end:uploads-path-refused]


class TestStoreFile:
    def test_writes_the_bytes_and_records_their_metadata(self, app, upload_folder):
        """The file lands in the folder and its row has size, SHA-256, type and owner."""
        content = (FILES / "hello.txt").read_bytes()

        with app.app_context():
            upload = file_storage.store_file(upload_of("hello.txt", content), description="  greeting  ")
            row = upload.to_dict()

        assert (upload_folder / row["stored_name"]).read_bytes() == content
        assert RANDOM_PREFIX.match(row.pop("stored_name"))
        del row["id"], row["created_at"]
        assert row == {
            "owner_id": None,
            "original_name": "hello.txt",
            "content_type": "text/plain",
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "kind": "file",
            "width": None,
            "height": None,
            "description": "greeting",
        }

    def test_records_the_owner(self, app, user):
        """An owner id passed in is stored on the row."""
        with app.app_context():
            upload = file_storage.store_file(upload_of("hello.txt", b"hi"), owner_id=user.id)
            assert upload.owner_id == user.id

    def test_creates_the_upload_folder_on_demand(self, app, upload_folder):
        """A fresh deployment without the folder still accepts the first upload."""
        assert not upload_folder.exists()

        with app.app_context():
            file_storage.store_file(upload_of("hello.txt", b"hi"))

        assert len(files_in(upload_folder)) == 1

    @pytest.mark.parametrize(
        ("sent", "original_name", "stored_suffix"),
        [
            ("../../evil.txt", "evil.txt", "_evil.txt"),
            ("/etc/cron.d/evil.txt", "evil.txt", "_evil.txt"),
            ("C:\\Users\\me\\evil.txt", "evil.txt", "_evil.txt"),
            ("文件.txt", "文件.txt", "_file.txt"),
            ("evil.exe\x00.txt", "evil.exe.txt", "_evil.exe.txt"),
            ("a" * 251 + ".txt", "a" * 251 + ".txt", "_" + "a" * 100 + ".txt"),
        ],
        ids=["traversal", "absolute", "windows-path", "unicode", "null-byte", "longest-allowed"],
    )
    def test_hostile_names_are_stored_safely_inside_the_folder(
        self, app, upload_folder, sent, original_name, stored_suffix
    ):
        """Whatever the client calls the file, it is written directly in the upload folder."""
        with app.app_context():
            upload = file_storage.store_file(upload_of(sent, b"payload"))
            row = upload.to_dict()

        assert row["original_name"] == original_name
        assert row["stored_name"].endswith(stored_suffix)
        assert files_in(upload_folder) == [row["stored_name"]]

    def test_same_name_twice_keeps_both_files(self, app, upload_folder):
        """A second report.txt does not replace the first."""
        with app.app_context():
            first = file_storage.store_file(upload_of("report.txt", b"first")).stored_name
            second = file_storage.store_file(upload_of("report.txt", b"second")).stored_name

        assert (upload_folder / first).read_bytes() == b"first"
        assert (upload_folder / second).read_bytes() == b"second"

    def test_never_overwrites_an_existing_file_even_if_names_collide(self, app, upload_folder, monkeypatch):
        """Should the random prefix repeat, the new upload fails and the old file is untouched."""
        fixed = uuid.UUID(int=1)
        monkeypatch.setattr(file_storage, "uuid4", lambda: fixed)

        with app.app_context():
            first = file_storage.store_file(upload_of("report.txt", b"first")).stored_name
            with pytest.raises(FileExistsError):
                file_storage.store_file(upload_of("report.txt", b"second"))

        assert (upload_folder / first).read_bytes() == b"first"
        assert len(stored_uploads(app)) == 1

    def test_removes_the_file_when_the_database_refuses_the_row(self, app, upload_folder, monkeypatch):
        """A failed INSERT leaves no orphan file behind and the earlier row intact."""
        fixed = uuid.UUID(int=2)
        monkeypatch.setattr(file_storage, "uuid4", lambda: fixed)
        taken_name = f"{fixed.hex}_report.txt"
        with app.app_context():
            # A row already claims the name the next upload will get, but its file is gone.
            db.session.add(
                Upload(
                    original_name="report.txt",
                    stored_name=taken_name,
                    content_type="text/plain",
                    size=3,
                    sha256="0" * 64,
                )
            )
            db.session.commit()

            with pytest.raises(IntegrityError):
                file_storage.store_file(upload_of("report.txt", b"new"))

        assert files_in(upload_folder) == []
        assert [row["stored_name"] for row in stored_uploads(app)] == [taken_name]

    def test_removes_a_partly_written_file_when_writing_fails(self, app, upload_folder, mocker):
        """A full disk mid-copy leaves neither a truncated file nor a row."""

        def write_half_then_fail(self, destination, buffer_size=16384):
            destination.write(b"half")
            raise OSError(28, "No space left on device")

        mocker.patch.object(FileStorage, "save", autospec=True, side_effect=write_half_then_fail)

        with app.app_context(), pytest.raises(OSError, match="No space left"):
            file_storage.store_file(upload_of("report.txt", b"half and the rest"))

        assert files_in(upload_folder) == []
        assert stored_uploads(app) == []

    @pytest.mark.parametrize(
        ("sent", "description", "field", "message"),
        [
            (None, "", "file", "No file selected"),
            (("", b"data"), "", "file", "No file selected"),
            (("empty.txt", b""), "", "file", "the file is empty"),
            (("hack.exe", b"MZ"), "", "file", "File type not allowed"),
            (("README", b"text"), "", "file", "File type not allowed"),
            (("trailing.", b"text"), "", "file", "File type not allowed"),
            (("evil.txt.exe", b"MZ"), "", "file", "File type not allowed"),
            (("../../etc/passwd", b"root:x:0:0"), "", "file", "File type not allowed"),
            (("a" * 252 + ".txt", b"text"), "", "file", "too long"),
            (("notes.txt", b"text"), "x" * 501, "description", "description is too long"),
        ],
        ids=[
            "no-file-part",
            "empty-filename",
            "zero-bytes",
            "exe",
            "no-extension",
            "trailing-dot",
            "double-extension",
            "traversal-without-extension",
            "name-too-long",
            "description-too-long",
        ],
    )
    def test_bad_input_is_rejected_and_nothing_is_written(self, app, upload_folder, sent, description, field, message):
        """Each rejection names the field and the reason, before anything touches the disk."""
        file = upload_of(*sent) if sent else None

        with app.app_context(), pytest.raises(UploadRejected) as rejected:
            file_storage.store_file(file, description=description)

        assert rejected.value.field == field
        assert message in rejected.value.message
        assert not upload_folder.exists()
        assert stored_uploads(app) == []

    def test_rejection_names_the_field_it_was_given(self, app):
        """Views pass their form's field name, so the error points at the right input."""
        with app.app_context(), pytest.raises(UploadRejected) as rejected:
            file_storage.store_file(None, field="attachment")

        assert rejected.value.field == "attachment"


class TestStoreImage:
    @pytest.mark.parametrize(
        ("name", "sent_as", "content_type", "size"),
        [
            ("red_3x2.png", "red.png", "image/png", (3, 2)),
            ("blue_4x3.jpg", "blue.jpg", "image/jpeg", (4, 3)),
            ("blue_4x3.jpg", "blue.JPEG", "image/jpeg", (4, 3)),
            ("black_2x2.gif", "black.gif", "image/gif", (2, 2)),
        ],
        ids=["png", "jpg", "jpeg-upper-case", "gif"],
    )
    def test_real_images_are_stored_with_their_dimensions(self, app, name, sent_as, content_type, size):
        """Width, height and the MIME type come from Pillow, not from the client."""
        with app.app_context():
            row = file_storage.store_image(upload_from_files(name, sent_as=sent_as)).to_dict()

        assert (row["kind"], row["content_type"], (row["width"], row["height"])) == ("image", content_type, size)
        assert row["sha256"] == hashlib.sha256((FILES / name).read_bytes()).hexdigest()

    @pytest.mark.parametrize(
        ("name", "sent_as", "message"),
        [
            ("text_named.png", "photo.png", "not a valid image"),
            ("bad_checksum.png", "photo.png", "not a valid image"),
            ("black_2x2.bmp", "photo.png", "not a valid image"),
            ("red_3x2.png", "photo.gif", "is a PNG image but is named .gif"),
            ("red_3x2.png", "photo.txt", "File type not allowed"),
            ("hello.txt", "hello.txt", "File type not allowed"),
            ("red_3x2.png", "photo.pdf", "File type not allowed"),
        ],
        ids=[
            "text-named-png",
            "bad-checksum",
            "bmp-named-png",
            "png-named-gif",
            "png-named-txt",
            "text-file",
            "pdf-extension",
        ],
    )
    def test_files_that_are_not_allowed_images_are_rejected(self, app, upload_folder, name, sent_as, message):
        """Extension and content must both say PNG, JPEG or GIF, and agree with each other."""
        with app.app_context(), pytest.raises(UploadRejected) as rejected:
            file_storage.store_image(upload_from_files(name, sent_as=sent_as))

        assert rejected.value.field == "image"
        assert message in rejected.value.message
        assert not upload_folder.exists()

    @pytest.mark.parametrize(
        ("name", "keep_bytes"),
        [("red_3x2.png", 40), ("blue_4x3.jpg", 100), ("red_3x2.png", 8)],
        ids=["png-cut-after-header", "jpeg-cut-in-tables", "png-signature-only"],
    )
    def test_truncated_images_are_rejected(self, app, name, keep_bytes):
        """An interrupted upload of a real image is refused, not stored half."""
        truncated = (FILES / name).read_bytes()[:keep_bytes]

        with app.app_context(), pytest.raises(UploadRejected, match="not a valid"):
            file_storage.store_image(upload_of(name, truncated))

    def test_image_with_no_bytes_is_rejected_as_empty(self, app):
        """A zero-byte photo.png gets the "empty" message, not a Pillow error."""
        with app.app_context(), pytest.raises(UploadRejected, match="the file is empty"):
            file_storage.store_image(upload_of("photo.png", b""))

    # --8<-- [start:uploads-bombs]
    @pytest.mark.parametrize(
        "bomb", ["bomb_10000x10000.png", "bomb_20000x20000.png"], ids=["pillow-warns", "pillow-raises"]
    )
    @pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
    def test_decompression_bombs_are_rejected(self, app, bomb):
        """Images claiming more pixels than Image.MAX_IMAGE_PIXELS are refused before decoding."""
        with app.app_context(), pytest.raises(UploadRejected, match="too many pixels"):
            file_storage.store_image(upload_from_files(bomb))

    # --8<-- [end:uploads-bombs]

    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_pixel_limit_holds_where_pillow_only_warns(self, app):
        """In production the warning is just printed; the explicit check still refuses the image."""
        with app.app_context(), pytest.raises(UploadRejected, match="too many pixels"):
            file_storage.store_image(upload_from_files("bomb_10000x10000.png"))

    def test_pixel_limit_follows_pillow_setting(self, app, monkeypatch):
        """Lowering Image.MAX_IMAGE_PIXELS lowers the limit; None switches it off."""
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
        with app.app_context():
            assert file_storage.store_image(upload_from_files("red_3x2.png")).width == 3

        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5)
        with app.app_context(), pytest.raises(UploadRejected, match=r"too many pixels \(at most 5\)"):
            file_storage.store_image(upload_from_files("red_3x2.png"))

    def test_image_extensions_follow_the_allowed_formats(self, app, monkeypatch):
        """Only extensions whose Pillow format is allowed count as image extensions."""
        with app.app_context():
            assert file_storage.image_extensions() == {"png", "jpg", "jpeg", "gif"}

            monkeypatch.setitem(app.config, "ALLOWED_IMAGE_FORMATS", {"PNG"})
            assert file_storage.image_extensions() == {"png"}


class TestDeleteUpload:
    @pytest.fixture
    def stored(self, app, upload_folder) -> tuple[int, Path]:
        """One stored upload: its id and its path on disk."""
        with app.app_context():
            upload = file_storage.store_file(upload_of("hello.txt", b"hi"))
            return upload.id, upload_folder / upload.stored_name

    def test_removes_the_row_and_the_file(self, app, stored):
        """After deleting, neither the row nor the bytes remain."""
        upload_id, path = stored

        with app.app_context():
            file_storage.delete_upload(db.session.get_one(Upload, upload_id))

        assert stored_uploads(app) == []
        assert not path.exists()

    def test_tolerates_a_file_that_is_already_gone(self, app, stored):
        """A file removed by hand does not stop the row from being deleted."""
        upload_id, path = stored
        path.unlink()

        with app.app_context():
            file_storage.delete_upload(db.session.get_one(Upload, upload_id))

        assert stored_uploads(app) == []

    def test_logs_a_file_that_cannot_be_removed(self, app, stored, mocker, caplog):
        """The row is gone either way; a stray file is logged for an operator to clean up."""
        upload_id, path = stored
        mocker.patch.object(Path, "unlink", side_effect=PermissionError("read-only file system"))

        with app.app_context(), caplog.at_level(logging.WARNING):
            file_storage.delete_upload(db.session.get_one(Upload, upload_id))

        assert stored_uploads(app) == []
        assert path.exists()
        assert f"could not remove uploaded file {path.resolve()}" in caplog.text
