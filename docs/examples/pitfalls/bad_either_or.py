"""Predict the outcome: what does pytest report when it runs this module?"""

from flask import Flask, request, session

app = Flask(__name__)
app.config.update(TESTING=True, SECRET_KEY="test-secret-key")
PASSWORDS = {"ada": "correct horse"}


@app.post("/login")
def login():
    username = request.form["username"]
    session["user"] = username
    if PASSWORDS.get(username) == request.form["password"]:
        return {"message": "Welcome back!"}
    return {"message": "Invalid username or password."}


def test_wrong_password_is_refused():
    """A wrong password does not log the visitor in."""
    response = app.test_client().post("/login", data={"username": "ada", "password": "wrong horse"})

    assert response.status_code == 401 or b"Invalid" in response.data
