"""Error handling: one JSON envelope under ``/api``, friendly HTML pages elsewhere.

The JSON envelope is always::

    {"error": "Not Found", "code": "not_found", "message": "...", "status": 404}

with an ``"errors": {field: [messages]}`` mapping added for validation failures.
"""

from flask import Flask, jsonify, render_template, request
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from .services.metrics import get_metrics


def wants_json() -> bool:
    """True for requests to the JSON API, which never get HTML error pages."""
    return request.path == "/api" or request.path.startswith("/api/")


def error_response(status: int, message: str, *, code: str | None = None, errors=None, headers=None,
                   extra=None):
    """Build the API error envelope as a response; ``extra`` adds endpoint-specific keys."""
    reason = HTTP_STATUS_CODES.get(status, "Error")
    body = {
        "error": reason,
        "code": code or reason.lower().replace(" ", "_").replace("'", ""),
        "message": message,
        "status": status,
    }
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    response = jsonify(body)
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


def validation_error(errors: dict[str, list[str]], message: str = "The request has invalid fields."):
    return error_response(400, message, code="validation_error", errors=errors)


# Messages learners see; werkzeug's defaults are long and talk about "the browser".
FRIENDLY_MESSAGES = {
    400: "The request could not be understood.",
    401: "Authentication is required.",
    403: "You do not have permission to do that.",
    404: "The requested resource was not found.",
    405: "That method is not allowed on this URL.",
    413: "The upload is larger than the size limit.",
    422: "The request was well-formed but could not be processed.",
    429: "Rate limit exceeded. Slow down and try again later.",
    500: "Something went wrong on our side.",
    503: "The service is temporarily unavailable.",
}


def handle_http_exception(error: HTTPException):
    status = error.code or 500
    if wants_json():
        # An abort(..., description) from our own code carries a specific message.
        default_description = type(error).description
        message = error.description if error.description != default_description else None
        headers = {}
        if status == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        if status == 429 and error.response is not None and "Retry-After" in error.response.headers:
            headers["Retry-After"] = error.response.headers["Retry-After"]
        return error_response(status, message or FRIENDLY_MESSAGES.get(status, error.name), headers=headers)
    return render_error_page(status, error)


def handle_internal_error(error: InternalServerError):
    # Flask has already logged the original exception (see SampleFlask.log_exception).
    get_metrics().increment("errors_total", {"status": "500"})
    if wants_json():
        return error_response(500, FRIENDLY_MESSAGES[500], code="internal_error")
    return render_error_page(500, error)


def render_error_page(status: int, error: HTTPException):
    context = {"status": status, "title": HTTP_STATUS_CODES.get(status, "Error"),
               "message": FRIENDLY_MESSAGES.get(status, error.description)}
    try:
        return render_template(f"errors/{status}.html", **context), status
    except TemplateNotFound:
        return render_template("errors/error.html", **context), status


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_internal_error)
