"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask

app = Flask(__name__)
app.config["TESTING"] = True


@app.get("/")
def home():
    greeting = "Hello, tests!"


def test_home_page_says_hello():
    """The home page greets the visitor."""
    response = app.test_client().get("/")

    assert response.text == "Hello, tests!"
