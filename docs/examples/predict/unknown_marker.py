"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return {"status": "ok"}


@pytest.mark.smoke
def test_health_endpoint_reports_ok():
    """The health check answers with a JSON status."""
    response = app.test_client().get("/health")

    assert response.get_json() == {"status": "ok"}
