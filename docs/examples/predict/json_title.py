"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest
from flask import Flask, request

app = Flask(__name__)
app.config["TESTING"] = True


@app.post("/api/todos")
def create_todo():
    title = request.get_json()["title"]
    return {"title": title}, 201


@pytest.mark.parametrize(
    "body",
    ['{"title": "Write tests"', '["Write tests"]'],
    ids=["malformed-json", "list-not-object"],
)
def test_bad_json_body_is_a_400(body):
    """A body that is not a JSON object gets a clean 400."""
    response = app.test_client().post("/api/todos", data=body, content_type="application/json")

    assert response.status_code == 400
