"""Checking and storing uploaded files.

Views hand over the ``FileStorage`` from ``request.files``. Nothing the client chose
reaches the file system as a path: the bytes land directly in ``UPLOAD_FOLDER`` as
``<random hex>_<secure name>.<extension>``, and the ``Upload`` row keeps the
original name for display and downloads.
"""

import hashlib
import mimetypes
import os
import unicodedata
from pathlib import Path
from typing import IO
from uuid import uuid4

from flask import current_app
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from ..extensions import db
from ..models import Upload

# Most file systems allow 255 bytes per name; longer names cannot come from a real file.
MAX_NAME_LENGTH = 255
# Room for the 32-character random prefix and the extension within MAX_NAME_LENGTH.
MAX_STORED_STEM_LENGTH = 100
MAX_DESCRIPTION_LENGTH = 500

SUCCESS_MESSAGE = "File uploaded successfully"
NO_FILE = "No file selected"
EMPTY_FILE = "No file selected (the file is empty)"
TYPE_NOT_ALLOWED = "File type not allowed"


class UploadRejected(Exception):
    """The client sent something we will not store; ``field`` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class UnsafePath(ValueError):
    """A name that would place a file outside the upload folder."""


# --8<-- [start:uploads-names]
def display_name(filename: str) -> str:
    """The name to show and offer for download: last path component, no control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    # Category C covers newlines (header injection) and bidi overrides ("evil\u202etxt.exe").
    return "".join(char for char in name if not unicodedata.category(char).startswith("C")).strip()


def extension_of(name: str) -> str:
    """The lower-cased text after the last dot, or "" when there is no dot."""
    _, dot, extension = name.rpartition(".")
    return extension.lower() if dot else ""


def stored_name_for(name: str, extension: str) -> str:
    """A fresh file-system name for ``name``: random prefix, secure stem, known extension."""
    stem = secure_filename(name.rpartition(".")[0])[:MAX_STORED_STEM_LENGTH] or "file"
    return f"{uuid4().hex}_{stem}.{extension}"


# --8<-- [end:uploads-names]


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]).resolve()


# --8<-- [start:uploads-safe-path]
def path_in_upload_folder(stored_name: str) -> Path:
    """The absolute path for ``stored_name``; raise ``UnsafePath`` unless it sits directly in the folder."""
    folder = upload_folder()
    path = (folder / stored_name).resolve()
    if path.parent != folder:
        raise UnsafePath(f"{stored_name!r} is not a plain file name inside the upload folder")
    return path


# --8<-- [end:uploads-safe-path]


def image_extensions() -> set[str]:
    """Allowed extensions whose Pillow format is one of ``ALLOWED_IMAGE_FORMATS``."""
    formats = current_app.config["ALLOWED_IMAGE_FORMATS"]
    return {
        extension
        for extension in current_app.config["ALLOWED_UPLOAD_EXTENSIONS"]
        if Image.registered_extensions().get(f".{extension}") in formats
    }


def store_file(
    file: FileStorage | None, *, owner_id: int | None = None, description: str = "", field: str = "file"
) -> Upload:
    """Validate and store any allowed file; raise ``UploadRejected`` for bad input."""
    if file is None:
        raise UploadRejected(field, NO_FILE)
    allowed = current_app.config["ALLOWED_UPLOAD_EXTENSIONS"]
    name, extension = _checked_name(file, field, allowed)
    description = _checked_description(description)
    stored_name = stored_name_for(name, extension)
    content_type = mimetypes.guess_type(stored_name)[0] or "application/octet-stream"
    return _save(
        file,
        Upload(
            owner_id=owner_id,
            original_name=name,
            stored_name=stored_name,
            content_type=content_type,
            kind="file",
            description=description,
        ),
    )


def store_image(
    file: FileStorage | None, *, owner_id: int | None = None, description: str = "", field: str = "image"
) -> Upload:
    """Like ``store_file``, but the content must really be an allowed image format."""
    if file is None:
        raise UploadRejected(field, NO_FILE)
    name, extension = _checked_name(file, field, image_extensions())
    description = _checked_description(description)
    image_format, width, height = _inspect_image(file.stream, field)
    named_format = Image.registered_extensions()[f".{extension}"]
    if image_format != named_format:
        raise UploadRejected(field, f"The file is a {image_format} image but is named .{extension}.")
    return _save(
        file,
        Upload(
            owner_id=owner_id,
            original_name=name,
            stored_name=stored_name_for(name, extension),
            content_type=Image.MIME[named_format],
            kind="image",
            width=width,
            height=height,
            description=description,
        ),
    )


def delete_upload(upload: Upload) -> None:
    """Delete the row, then the file: a failure leaves a stray file, never a row without one."""
    path = path_in_upload_folder(upload.stored_name)
    db.session.delete(upload)
    db.session.commit()
    try:
        path.unlink(missing_ok=True)
    except OSError:
        current_app.logger.warning("could not remove uploaded file %s", path, exc_info=True)


def _checked_name(file: FileStorage, field: str, allowed: set[str]) -> tuple[str, str]:
    if not file.filename:
        raise UploadRejected(field, NO_FILE)
    name = display_name(file.filename)
    extension = extension_of(name)
    if extension not in allowed:
        raise UploadRejected(field, f"{TYPE_NOT_ALLOWED}. Allowed types: {', '.join(sorted(allowed))}.")
    if len(name) > MAX_NAME_LENGTH:
        raise UploadRejected(field, f"The file name is too long (at most {MAX_NAME_LENGTH} characters).")
    if _stream_size(file.stream) == 0:
        raise UploadRejected(field, EMPTY_FILE)
    return name, extension


def _checked_description(description: str) -> str:
    description = description.strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise UploadRejected(
            "description", f"The description is too long (at most {MAX_DESCRIPTION_LENGTH} characters)."
        )
    return description


def _stream_size(stream: IO[bytes]) -> int:
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    return size


# --8<-- [start:uploads-inspect-image]
def _inspect_image(stream: IO[bytes], field: str) -> tuple[str | None, int, int]:
    """Return (format, width, height) after Pillow has identified and verified the content."""
    allowed_formats = sorted(current_app.config["ALLOWED_IMAGE_FORMATS"])
    too_large = f"The image has too many pixels (at most {Image.MAX_IMAGE_PIXELS})."
    try:
        # formats= keeps Pillow from even trying its other, rarely needed decoders.
        with Image.open(stream, formats=allowed_formats) as image:
            image_format, (width, height) = image.format, image.size
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse that range too.
            if Image.MAX_IMAGE_PIXELS is not None and width * height > Image.MAX_IMAGE_PIXELS:
                raise UploadRejected(field, too_large)
            image.verify()
    # The warning arrives as an exception where warnings are errors (as in the test suite).
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRejected(field, too_large) from error
    # Pillow's ways of saying "not a (valid) image": UnidentifiedImageError is an OSError.
    except (OSError, SyntaxError, ValueError) as error:
        raise UploadRejected(
            field, f"The file is not a valid image of an allowed format ({', '.join(allowed_formats)})."
        ) from error
    finally:
        stream.seek(0)
    return image_format, width, height


# --8<-- [end:uploads-inspect-image]


def _sha256_of(stream: IO[bytes]) -> str:
    """The hex SHA-256 of the whole stream, which is left at its start again."""
    digest = hashlib.sha256()
    while chunk := stream.read(64 * 1024):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _save(file: FileStorage, upload: Upload) -> Upload:
    """Write the bytes, then the row; if either fails, remove what was written."""
    upload_folder().mkdir(parents=True, exist_ok=True)
    path = path_in_upload_folder(upload.stored_name)
    upload.sha256 = _sha256_of(file.stream)
    # "x" refuses to replace an existing file, should a random prefix ever repeat.
    target = path.open("xb")
    try:
        with target:
            file.save(target)
            upload.size = target.tell()
        db.session.add(upload)
        db.session.commit()
    except Exception:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    return upload
