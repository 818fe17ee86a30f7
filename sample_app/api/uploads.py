"""The JSON upload API: ``/api/upload``, ``/api/upload/image`` and ``/api/uploads/<id>``.

Checking and storing belong to ``services.file_storage``; these views only turn
its answers into JSON and status codes. The HTML upload forms are in ``sample_app/uploads.py``.
"""

from collections.abc import Callable

from flask import abort, current_app, g, request, send_from_directory, url_for
from flask_jwt_extended import get_current_user, verify_jwt_in_request

from ..access import get_or_404
from ..errors import error_response, validation_error
from ..extensions import csrf
from ..models import Upload, User
from ..services import file_storage
from . import bp

# Where the API uploads read a token: the Authorization header only, whatever JWT_TOKEN_LOCATION
# lists, so that a location added to the config later (a cookie) is never read by a view that
# skips Flask-WTF's CSRF check.
API_TOKEN_LOCATIONS = ["headers"]

Store = Callable[..., Upload]


# --8<-- [start:api-upload-caller]
# The api blueprint skips Flask-WTF's default CSRF check (api/__init__.py), so the upload
# endpoints take the CSRF token only from callers that need it. A bearer token in the
# Authorization header is never sent by a browser on its own, so it needs no CSRF token;
# an anonymous upload can at worst add a file nobody but an admin can read. The session
# cookie is sent by the browser on every request, forged ones included: a POST that logs
# in by cookie must carry the CSRF token (X-CSRFToken header or the csrf_token field), as
# Flask-WTF's docs do it for views exempt from the default check.
def api_caller() -> User | None:
    """The user behind an API request: the bearer token's, else the session's, else None."""
    verify_jwt_in_request(optional=True, locations=API_TOKEN_LOCATIONS)
    token_user = get_current_user()
    if token_user is not None:
        return token_user
    if g.user is not None and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    return g.user


@bp.post("/upload")
def upload_file():
    return _upload(file_storage.store_file, "file")


@bp.post("/upload/image")
def upload_image():
    return _upload(file_storage.store_image, "image")


# --8<-- [end:api-upload-caller]


# --8<-- [start:owner-or-admin]
def _readable_upload_or_404(upload_id: int) -> Upload:
    """The upload, if the caller owns it or is an admin; for everyone else it does not exist.

    A 404 rather than a 403, as for drafts: ids are sequential, and a 403 would confirm
    to someone counting them that upload 41 is there.
    """
    upload = _get_upload_or_404(upload_id)
    caller = api_caller()
    if caller is None or not (caller.is_admin or upload.owner_id == caller.id):
        abort(error_response(404, f"There is no upload with id {upload_id}."))
    return upload


@bp.get("/uploads/<int:upload_id>")
def upload_metadata(upload_id: int):
    return _metadata(_readable_upload_or_404(upload_id))


@bp.get("/uploads/<int:upload_id>/download")
def download_upload(upload_id: int):
    upload = _readable_upload_or_404(upload_id)
    # --8<-- [end:owner-or-admin]
    response = send_from_directory(
        file_storage.upload_folder(),
        upload.stored_name,
        as_attachment=True,
        download_name=upload.original_name,
        mimetype=upload.content_type,
    )
    # A browser must not sniff a stored file into something more dangerous, like HTML.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# Without a CSRF check, like the whole blueprint: browsers refuse to send a cross-site DELETE
# without a CORS preflight, which this app never grants.
@bp.delete("/uploads/<int:upload_id>")
def delete_upload(upload_id: int):
    upload = _get_upload_or_404(upload_id)
    # Anonymous uploads have no owner, so nobody may delete them through the API.
    if g.user is None or upload.owner_id != g.user.id:
        return error_response(403, "Only the user who uploaded a file can delete it.")
    file_storage.delete_upload(upload)
    return "", 204


def _upload(store: Store, field: str):
    caller = api_caller()
    owner_id = caller.id if caller else None
    try:
        upload = store(request.files.get(field), owner_id=owner_id, description=request.form.get("description", ""))
    except file_storage.UploadRejected as rejection:
        return validation_error({rejection.field: [rejection.message]}, message=rejection.message)
    return {"message": file_storage.SUCCESS_MESSAGE, **_metadata(upload)}


def _metadata(upload: Upload) -> dict:
    return {**upload.to_dict(), "url": url_for("api.download_upload", upload_id=upload.id)}


def _get_upload_or_404(upload_id: int) -> Upload:
    return get_or_404(Upload, upload_id, f"There is no upload with id {upload_id}.")
