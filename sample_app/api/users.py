"""User accounts: list, look up, register, "who am I", and the admin's list."""

from flask import jsonify, url_for
from flask_jwt_extended import current_user

from .. import accounts
from ..access import get_or_404
from ..extensions import db
from ..models import User
from . import bp
from .access import admin_token_required, token_required
from .validation import Field, abort_bad_request, abort_invalid, parse_json

REGISTRATION = {
    "username": Field(accounts.username),
    "email": Field(accounts.email),
    "password": Field(accounts.new_password),
}


def all_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.id)))


# --8<-- [start:public-user-routes]
# Anyone may list and look up accounts, so they see the public view only: an email list
# is a spam and phishing list, and is_admin tells an attacker whom to aim at.
@bp.get("/users")
def list_users():
    return jsonify([user.to_public_dict() for user in all_users()])


@bp.get("/users/<int:user_id>")
def get_user(user_id: int):
    return jsonify(get_or_404(User, user_id, "User not found.").to_public_dict())


# --8<-- [end:public-user-routes]


@bp.post("/users")
def create_user():
    fields = parse_json(REGISTRATION)
    if accounts.username_taken(fields["username"]):
        abort_invalid({"username": ["Username already exists"]}, "Username already exists")
    if accounts.email_taken(fields["email"]):
        abort_invalid({"email": ["Email already exists"]}, "Email already exists")
    try:
        user = accounts.create_user(fields["username"], fields["email"], fields["password"])
    except accounts.AccountTaken:
        abort_bad_request("Username or email already exists")
    return jsonify(user.to_dict()), 201, {"Location": url_for("api.get_user", user_id=user.id)}


@bp.get("/users/me")
@token_required
def current_user_profile():
    return jsonify(current_user.to_dict())


@bp.get("/admin/users")
@admin_token_required
def admin_list_users():
    return jsonify([user.to_dict() for user in all_users()])
