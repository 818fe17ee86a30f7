"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask

app = Flask(__name__)
app.config["TESTING"] = True


@app.post("/subscribe")
def subscribe():
    app.logger.info("New subscriber")
    return {"subscribed": True}


def test_subscribing_is_logged(caplog):
    """Every new subscriber leaves a line in the log."""
    app.test_client().post("/subscribe")

    assert "New subscriber" in caplog.text
