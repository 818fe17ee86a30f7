"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask, redirect, url_for

app = Flask(__name__)
app.config["TESTING"] = True


@app.post("/login")
def login():
    return redirect(url_for("dashboard"))


@app.get("/dashboard")
def dashboard():
    return "Your dashboard"


def test_login_sends_the_user_to_the_dashboard():
    """After logging in, the browser is sent on to the dashboard."""
    response = app.test_client().post("/login")

    assert response.location == "http://localhost/dashboard"
