"""Logging in to the shop: the module a team would want fully tested."""

from flask import Blueprint, request, session
from werkzeug.security import check_password_hash, generate_password_hash

bp = Blueprint("auth", __name__)
# A cheap hash method keeps the example fast; a real app keeps the slow default.
HASH_METHOD = "pbkdf2:sha256:1000"
USERS = {"ada": generate_password_hash("correct horse", method=HASH_METHOD)}


class LockedOut(Exception):
    pass


@bp.post("/login")
def login():
    username = request.form.get("username", "")
    if password_matches(username, request.form.get("password", "")):
        session["user"] = username
        return {"user": username}
    return {"error": "Invalid username or password."}, 401


def password_matches(username: str, password: str) -> bool:
    stored = USERS.get(username)
    if stored is None:
        return False
    return check_password_hash(stored, password)


def change_password(username: str, new_password: str) -> None:
    if len(new_password) < 12:
        raise ValueError("A password needs at least 12 characters.")
    USERS[username] = generate_password_hash(new_password, method=HASH_METHOD)
