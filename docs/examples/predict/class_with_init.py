"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def home():
        return "Welcome to the blog"

    return app


class TestHomePage:
    def __init__(self):
        self.client = create_app().test_client()

    def test_home_page_welcomes_visitors(self):
        """The home page says what the site is."""
        assert self.client.get("/").text == "Welcome to the blog"
