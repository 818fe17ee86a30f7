"""Lesson 2: a first test module, collected because its name starts with ``test_``."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app


def test_health_endpoint_reports_ok():
    """The health check answers 200 with a JSON status."""
    response = create_app().test_client().get("/health")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
