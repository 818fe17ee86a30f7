"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask, render_template_string, request

app = Flask(__name__)
app.config["TESTING"] = True

PAGE = "<h1>Posts by {{ author }}</h1>"


@app.get("/posts")
def posts_by_author():
    return render_template_string(PAGE, author=request.args["author"])


def test_heading_names_the_author():
    """The heading shows the author's name exactly as it was given."""
    response = app.test_client().get("/posts", query_string={"author": "Tom & Jerry"})

    assert "Posts by Tom & Jerry" in response.text
