"""Operational endpoints: health check, metrics, and a rate-limited data feed."""

from flask import current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from ..errors import error_response
from ..extensions import db
from ..rate_limits import limit_from_config
from ..services import metrics
from . import bp
from .access import admin_token_required


@bp.get("/health")
def health():
    try:
        db.session.execute(db.text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.error("Health check: database unavailable: %s", error)
        return error_response(
            503, "The database is unavailable.", code="database_unavailable", extra={"database": "unavailable"}
        )
    return jsonify(status="ok", database="ok")


@bp.get("/metrics")
@admin_token_required
def show_metrics():
    return jsonify(counters=metrics.get_metrics().as_dict())


@bp.get("/data")
@limit_from_config("DATA_RATE_LIMIT", "Rate limit exceeded ({limit}). Try again later.")
def data():
    return jsonify(data=["alpha", "beta", "gamma"])
