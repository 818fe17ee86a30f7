"""User accounts: list, look up, register, "who am I", and the admin's list."""

from flask import jsonify, url_for
from flask_jwt_extended import current_user
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import User
from . import bp
from .access import admin_required, get_or_404, token_required
from .validation import Field, abort_bad_request, abort_invalid, email, new_password, parse_json, username

REGISTRATION = {
    "username": Field(username),
    "email": Field(email),
    "password": Field(new_password),
}


def all_users_json():
    users = db.session.scalars(db.select(User).order_by(User.id))
    return jsonify([user.to_dict() for user in users])


def taken(column, value: str) -> bool:
    """Whether ``value`` is already used, ignoring case ("Alice" blocks "alice")."""
    query = db.select(User.id).where(db.func.lower(column) == value.lower())
    return db.session.scalar(query) is not None


@bp.get("/users")
def list_users():
    return all_users_json()


@bp.get("/users/<int:user_id>")
def get_user(user_id: int):
    return jsonify(get_or_404(User, user_id, "User not found.").to_dict())


@bp.post("/users")
def create_user():
    fields = parse_json(REGISTRATION)
    if taken(User.username, fields["username"]):
        abort_invalid({"username": ["Username already exists"]}, "Username already exists")
    if taken(User.email, fields["email"]):
        abort_invalid({"email": ["Email already exists"]}, "Email already exists")
    user = User(username=fields["username"], email=fields["email"])
    user.set_password(fields["password"])
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request registered the same name between our check and commit.
        db.session.rollback()
        abort_bad_request("Username or email already exists")
    return jsonify(user.to_dict()), 201, {"Location": url_for("api.get_user", user_id=user.id)}


@bp.get("/users/me")
@token_required
def current_user_profile():
    return jsonify(current_user.to_dict())


@bp.get("/admin/users")
@admin_required
def admin_list_users():
    return all_users_json()
