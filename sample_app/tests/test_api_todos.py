"""The session-based to-do API: only a logged-in user can add and list their own items."""

import pytest

from sample_app.extensions import db
from sample_app.models import Todo, User

from .helpers import count_rows, log_in_through_session


@pytest.fixture
def logged_in(client, user):
    """The test client with ``user`` logged in, set straight into the session."""
    log_in_through_session(client, user.id)
    return client


def test_create_todo_requires_login(client):
    """POST /api/todo without a session login answers the 401 envelope."""
    response = client.post("/api/todo", json={"title": "Write tests"})

    assert response.status_code == 401
    assert response.get_json()["error"] == "Unauthorized"


def test_create_todo_returns_201_with_the_item(logged_in):
    """A logged-in user creates an item: 201 with id, title and done=false."""
    response = logged_in.post("/api/todo", json={"title": "Write tests"})

    assert response.status_code == 201
    data = response.get_json()
    assert set(data) == {"id", "title", "done"}
    assert (data["title"], data["done"]) == ("Write tests", False)


def test_create_todo_works_after_json_login(client, user):
    """The session cookie from POST /api/login is enough to add items."""
    client.post("/api/login", json={"username": "testuser", "password": "password123"})

    assert client.post("/api/todo", json={"title": "Write tests"}).status_code == 201


@pytest.mark.parametrize(
    "body",
    [{}, {"title": ""}, {"title": 42}, {"title": "x" * 201}],
    ids=["missing", "empty", "number", "too-long"],
)
def test_create_todo_rejects_bad_titles(app, logged_in, body):
    """A missing, blank, non-string or too long title answers 400 and stores nothing."""
    response = logged_in.post("/api/todo", json=body)

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["title"]
    assert count_rows(app, Todo) == 0


def test_list_todos_shows_only_the_users_own_items(app, logged_in, other_user):
    """GET /api/todo lists the logged-in user's items and nobody else's."""
    with app.app_context():
        db.session.add(Todo(title="Not yours", owner=db.session.get(User, other_user.id)))
        db.session.commit()
    logged_in.post("/api/todo", json={"title": "First"})
    logged_in.post("/api/todo", json={"title": "Second"})

    response = logged_in.get("/api/todo")

    assert response.status_code == 200
    assert [todo["title"] for todo in response.get_json()] == ["First", "Second"]


def test_list_todos_requires_login(client):
    """GET /api/todo without a session login answers 401."""
    assert client.get("/api/todo").status_code == 401
