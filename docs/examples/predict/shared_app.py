"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask, abort


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(MAINTENANCE=False)
    app.config.from_mapping(test_config or {})

    @app.get("/")
    def home():
        if app.config["MAINTENANCE"]:
            abort(503)
        return "Welcome"

    return app


app = create_app({"TESTING": True})


def test_maintenance_mode_answers_503():
    """While the site is in maintenance, the home page answers 503."""
    app.config["MAINTENANCE"] = True

    assert app.test_client().get("/").status_code == 503


def test_home_page_welcomes_visitors():
    """Normally, the home page welcomes visitors."""
    assert app.test_client().get("/").text == "Welcome"
