"""The to-do list of the logged-in user (the tutorials' first, session-based API)."""

from flask import jsonify

from ..extensions import db
from ..models import Todo, User
from . import bp
from .access import session_login_required
from .validation import Field, parse_json, text


@bp.get("/todo")
@session_login_required
def list_todos(user: User):
    todos = db.session.scalars(db.select(Todo).filter_by(owner_id=user.id).order_by(Todo.id))
    return jsonify([todo.to_dict() for todo in todos])


@bp.post("/todo")
@session_login_required
def create_todo(user: User):
    fields = parse_json({"title": Field(text(200))})
    todo = Todo(title=fields["title"], owner=user)
    db.session.add(todo)
    db.session.commit()
    return jsonify(todo.to_dict()), 201
