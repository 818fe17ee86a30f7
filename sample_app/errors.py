"""Error handling: one JSON envelope under ``/api``, friendly HTML pages elsewhere.

The JSON envelope is always::

    {"error": "Not Found", "code": "not_found", "message": "...", "status": 404}

with an ``"errors": {field: [messages]}`` mapping added for validation failures.
"""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, TooManyRequests
from werkzeug.http import HTTP_STATUS_CODES

from .rate_limits import RETRY_AFTER
from .services.metrics import get_metrics


# --8<-- [start:envelope]
def wants_json() -> bool:
    """True for requests to the JSON API, which never get HTML error pages."""
    return request.path == "/api" or request.path.startswith("/api/")


# --8<-- [start:params-error-response]
def error_response(status: int, message: str, *, code: str | None = None, errors=None, headers=None, extra=None):
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


# --8<-- [end:envelope]


def validation_error(errors: dict[str, list[str]], message: str = "The request has invalid fields."):
    return error_response(400, message, code="validation_error", errors=errors)


# --8<-- [end:params-error-response]


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


# For a form Flask-WTF refused because its CSRF token is missing, expired or from another
# site. Its own wording ("The CSRF token is missing.") means nothing to whoever filled it in.
CSRF_FAILED_MESSAGE = "The form expired or was sent from another site. Reload the page and try again."


def message_for(error: HTTPException) -> str:
    """The message to show: ours from ``abort(status, description)``, else a friendly default."""
    status = error.code or 500
    if error.description is not None and error.description != type(error).description:
        return error.description
    return FRIENDLY_MESSAGES.get(status, error.name)


def headers_for(error: HTTPException) -> dict[str, str]:
    """Headers the status requires or promises: Allow on a 405, Retry-After on a 429."""
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    # Flask-Limiter attaches the response built by the endpoint's on_breach callback.
    if isinstance(error, TooManyRequests) and error.response is not None and RETRY_AFTER in error.response.headers:
        headers[RETRY_AFTER] = error.response.headers[RETRY_AFTER]
    return headers


# --8<-- [start:handlers]
def handle_http_exception(error: HTTPException):
    status = error.code or 500
    if wants_json():
        return error_response(status, message_for(error), headers=headers_for(error))
    message = CSRF_FAILED_MESSAGE if isinstance(error, CSRFError) else message_for(error)
    return render_error_page(status, message, headers_for(error))


def handle_internal_error(error: InternalServerError):
    # Flask has already logged the original exception (see SampleFlask.log_exception).
    get_metrics().increment("errors_total", {"status": "500"})
    if wants_json():
        return error_response(500, FRIENDLY_MESSAGES[500], code="internal_error")
    return render_error_page(500, FRIENDLY_MESSAGES[500])


# --8<-- [end:handlers]


def render_error_page(status: int, message: str, headers: dict[str, str] | None = None):
    """The HTML page for ``status``: ``errors/<status>.html`` if there is one, else the generic page."""
    context = {"status": status, "title": HTTP_STATUS_CODES.get(status, "Error"), "message": message}
    try:
        body = render_template(f"errors/{status}.html", **context)
    except TemplateNotFound:
        body = render_template("errors/error.html", **context)
    return body, status, headers or {}


# --8<-- [start:register-handlers]
def register_error_handlers(app: Flask) -> None:
    # Flask picks the handler registered for the most specific class: 500s get their own.
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_internal_error)


# --8<-- [end:register-handlers]
