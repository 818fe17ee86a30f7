"""A small shop app; the factory is the code the seed's configuration leaves out of the report."""

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="dev")
    if test_config is None:
        # Production: settings come from SHOP_* environment variables.
        app.config.from_prefixed_env("SHOP")
    else:
        app.config.from_mapping(test_config)

    from . import auth

    app.register_blueprint(auth.bp)
    return app
