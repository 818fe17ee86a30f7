"""Predict the outcome: what does pytest report when it runs this module?

Since the test was written, the login view was refactored to compare passwords in
constant time. Logging in with the right password still works.
"""

import hmac

from flask import Flask, request

app = Flask(__name__)
app.config["TESTING"] = True


class Accounts:
    passwords = {"ada": "correct horse"}

    def password_matches(self, username: str, password: str) -> bool:
        return self.passwords.get(username) == password

    def authenticate(self, username: str, password: str) -> bool:
        stored = self.passwords.get(username)
        return stored is not None and hmac.compare_digest(stored.encode(), password.encode())


accounts = Accounts()


@app.post("/login")
def login():
    if accounts.authenticate(request.form["username"], request.form["password"]):
        return {"logged_in": True}
    return {"logged_in": False}, 401


def test_login_checks_the_password(mocker):
    """Logging in asks Accounts whether the password matches."""
    check = mocker.spy(accounts, "password_matches")

    app.test_client().post("/login", data={"username": "ada", "password": "correct horse"})

    check.assert_called_once_with("ada", "correct horse")
