"""Lesson 1: a module that cannot even be imported, so none of its tests run.

The app is built at import time, and it refuses to start without a secret key that this
machine does not set. Run the module by name; tests/site/test_console_outputs.py checks the
collection error it gives.
"""

import os

from flask import Flask


# --8<-- [start:import-time]
def create_app() -> Flask:
    secret_key = os.environ.get("BLOG_SECRET_KEY")
    if not secret_key:
        raise RuntimeError("set BLOG_SECRET_KEY before starting the blog")
    app = Flask(__name__)
    app.config["SECRET_KEY"] = secret_key

    @app.get("/")
    def home():
        return "Welcome to the blog"

    return app


app = create_app()


def test_home_page_welcomes_visitors():
    """The home page says what the site is."""
    response = app.test_client().get("/")

    assert response.text == "Welcome to the blog"


# --8<-- [end:import-time]
