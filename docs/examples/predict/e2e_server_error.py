"""Predict the outcome: what does pytest report when it runs this module?"""

import threading

import pytest
import requests
from flask import Flask
from werkzeug.serving import make_server

app = Flask(__name__)
app.config["TESTING"] = True


@app.get("/average")
def average():
    scores = []
    return {"average": sum(scores) / len(scores)}


@pytest.fixture
def live_server():
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


def test_average_of_no_scores_raises(live_server):
    """With no scores yet, the average view divides by zero."""
    with pytest.raises(ZeroDivisionError):
        requests.get(f"{live_server}/average", timeout=5)
