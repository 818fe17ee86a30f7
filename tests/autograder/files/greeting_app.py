"""The tiny greeting app a learner's notebook would define, for the self-check's tests."""

from flask import Flask, abort, request


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.update(GREETING="Hi", DATA_DIR="data")
    app.config.update(test_config or {})

    @app.get("/hello")
    def hello():
        name = request.args.get("name")
        if not name:
            abort(400)
        return {"greeting": f"{app.config['GREETING']}, {name}!"}

    @app.get("/data-dir")
    def data_dir():
        return {"data_dir": app.config["DATA_DIR"]}

    return app
