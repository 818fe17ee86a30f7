"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask

app = Flask(__name__)
app.config["TESTING"] = True
WIDGETS = {123: {"id": 123, "name": "Sprocket"}}


@app.get("/api/widget/<int:widget_id>")
def get_widget(widget_id: int):
    return WIDGETS[widget_id]


def test_get_widget_returns_json():
    """GET /api/widgets/<id> answers the widget as JSON."""
    response = app.test_client().get("/api/widgets/123")

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        data = response.get_json()
        assert data["id"] == 123
        assert "name" in data
