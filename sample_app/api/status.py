"""Operational endpoints: health check, metrics, and a rate-limited data feed."""

import time

from flask import current_app, jsonify
from flask_limiter import RequestLimit
from sqlalchemy.exc import SQLAlchemyError

from ..errors import error_response
from ..extensions import db, limiter
from ..services import metrics
from . import bp
from .access import admin_required


@bp.get("/health")
def health():
    try:
        db.session.execute(db.text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.error("Health check: database unavailable: %s", error)
        return error_response(503, "The database is unavailable.", code="database_unavailable",
                              extra={"database": "unavailable"})
    return jsonify(status="ok", database="ok")


@bp.get("/metrics")
@admin_required
def show_metrics():
    return jsonify(counters=metrics.get_metrics().as_dict())


def retry_after(request_limit: RequestLimit):
    """Give the 429 a Retry-After header; errors.py copies it into the JSON envelope."""
    # The limiter's windows run on time.time(), not on the app's clock service.
    seconds = max(1, request_limit.reset_at - int(time.time()))
    return current_app.response_class(status=429, headers={"Retry-After": str(seconds)})


@bp.get("/data")
@limiter.limit(
    # Read per request, so each app (and each test) can set its own limit.
    lambda: current_app.config["DATA_RATE_LIMIT"],
    error_message=lambda: f"Rate limit exceeded ({current_app.config['DATA_RATE_LIMIT']}). Try again later.",
    on_breach=retry_after,
)
def data():
    return jsonify(data=["alpha", "beta", "gamma"])
