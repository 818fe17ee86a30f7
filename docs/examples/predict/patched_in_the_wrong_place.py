"""Predict the outcome: what does pytest report when it runs this module?"""

from time import time

from flask import Flask

app = Flask(__name__)
app.config["TESTING"] = True


@app.get("/stamp")
def stamp():
    return {"seconds": int(time())}


def test_stamp_reports_the_frozen_clock(monkeypatch):
    """With the clock frozen, the endpoint reports the frozen moment."""
    monkeypatch.setattr("time.time", lambda: 1_700_000_000.0)

    response = app.test_client().get("/stamp")

    assert response.get_json() == {"seconds": 1_700_000_000}
