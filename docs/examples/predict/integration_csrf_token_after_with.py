"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask, g
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import StringField

app = Flask(__name__)
app.config.update(TESTING=True, SECRET_KEY="test-secret-key")
CSRFProtect(app)


class CommentForm(FlaskForm):
    text = StringField("Comment")


@app.route("/comment", methods=["GET", "POST"])
def comment():
    form = CommentForm()
    if form.validate_on_submit():
        return "Thanks!"
    return f"<form method=post>{form.csrf_token}{form.text}</form>"


def test_comment_with_the_pages_token_is_accepted():
    """A comment sent with the token of the page it came from is accepted."""
    client = app.test_client()
    with client:
        client.get("/comment")
    token = g.csrf_token

    response = client.post("/comment", data={"text": "Nice post", "csrf_token": token})

    assert response.text == "Thanks!"
