"""Predict the outcome: what does pytest report when it runs this whole module?"""

from flask import Flask, request

app = Flask(__name__)
app.config["TESTING"] = True
subscribers: list[str] = []


@app.post("/subscribers")
def subscribe():
    subscribers.append(request.form["email"])
    return {"subscribed": True}, 201


@app.get("/subscribers")
def list_subscribers():
    return {"subscribers": subscribers}


def test_subscribing_answers_201():
    """A new subscriber is accepted."""
    response = app.test_client().post("/subscribers", data={"email": "ada@example.com"})

    assert response.status_code == 201


def test_subscriber_list_shows_who_subscribed():
    """The list shows the subscribers."""
    response = app.test_client().get("/subscribers")

    assert response.get_json() == {"subscribers": ["ada@example.com"]}
