"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask

app = Flask(__name__)
app.config["TESTING"] = True


@app.get("/boom")
def boom():
    raise RuntimeError("the database is down")


@app.errorhandler(500)
def server_error(error):
    return "Sorry, something broke on our side.", 500


def test_crash_shows_the_friendly_500_page():
    """A view that crashes answers the friendly 500 page."""
    response = app.test_client().get("/boom")

    assert response.status_code == 500
    assert response.text == "Sorry, something broke on our side."
