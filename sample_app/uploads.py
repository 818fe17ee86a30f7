"""The HTML upload forms at ``/upload`` and ``/upload/image``.

Checking and storing belong to ``services.file_storage``; these views only turn
its answers into pages and status codes. The JSON upload API is in ``api/uploads.py``.
"""

from collections.abc import Callable

from flask import Blueprint, current_app, g, render_template, request

from .auth import login_required
from .models import Upload
from .services import file_storage

bp = Blueprint("uploads", __name__)

Store = Callable[..., Upload]


@bp.get("/upload")
@login_required
def file_form():
    return _render_form("file")


@bp.post("/upload")
@login_required
def upload_file():
    return _upload_from_form(file_storage.store_file, "file")


@bp.get("/upload/image")
@login_required
def image_form():
    return _render_form("image")


@bp.post("/upload/image")
@login_required
def upload_image():
    return _upload_from_form(file_storage.store_image, "image")


def _render_form(field: str, rejection: file_storage.UploadRejected | None = None):
    allowed = file_storage.image_extensions() if field == "image" else current_app.config["ALLOWED_UPLOAD_EXTENSIONS"]
    extensions = sorted(allowed)
    return render_template(
        "uploads/form.html",
        field=field,
        extensions=extensions,
        accept=",".join(f".{extension}" for extension in extensions),
        max_description=file_storage.MAX_DESCRIPTION_LENGTH,
        rejection=rejection,
        description=request.form.get("description", ""),
    )


def _upload_from_form(store: Store, field: str):
    try:
        upload = store(request.files.get(field), owner_id=g.user.id, description=request.form.get("description", ""))
    except file_storage.UploadRejected as rejection:
        return _render_form(field, rejection), 400
    return render_template("uploads/uploaded.html", upload=upload, message=file_storage.SUCCESS_MESSAGE)
