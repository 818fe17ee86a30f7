"""Predict the outcome: what does pytest report when it runs this module?"""

import warnings

from flask import Flask

app = Flask(__name__)
app.config["TESTING"] = True


def legacy_price(cents: int) -> str:
    warnings.warn("legacy_price() is deprecated; use format_price()", DeprecationWarning, stacklevel=2)
    return f"${cents / 100:.2f}"


@app.get("/price")
def price():
    return legacy_price(1999)


def test_price_page_shows_dollars_and_cents():
    """The price page shows the price in dollars."""
    response = app.test_client().get("/price")

    assert response.text == "$19.99"
