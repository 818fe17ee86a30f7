"""The User, Post, Todo and IdempotencyKey models, tested directly against the database."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from sample_app.extensions import db
from sample_app.models import IdempotencyKey, Post, Todo, User, as_utc
from sample_app.services import clock

from .factories import PostFactory, UserFactory
from .helpers import count_rows


def test_password_is_stored_hashed(app):
    """The plain password never reaches the database, and checking it works."""
    with app.app_context():
        user = User(username="bob", email="bob@example.com")
        user.set_password("mypassword1")
        assert user.password_hash != "mypassword1"
        assert user.check_password("mypassword1")
        assert not user.check_password("wrongpassword")


def test_hashing_outside_an_app_uses_scrypt():
    """Without an app the model falls back to the strong default hash."""
    user = User(username="carol", email="carol@example.com")
    user.set_password("pw")
    assert user.password_hash.startswith("scrypt:")


# --8<-- [start:unique-constraint]
@pytest.mark.parametrize("field", ["username", "email"])
def test_username_and_email_are_unique(app, field):
    """The database refuses a second user with the same username or email."""
    with app.app_context():
        UserFactory(username="alice", email="alice@example.com")
        duplicate = {
            "username": "alice2",
            "email": "alice2@example.com",
            field: {"username": "alice", "email": "alice@example.com"}[field],
        }
        with pytest.raises(IntegrityError):
            UserFactory(**duplicate)
        db.session.rollback()


# --8<-- [end:unique-constraint]


def test_user_to_dict_never_exposes_the_password_hash(app):
    """The public representation has the profile fields only."""
    with app.app_context():
        data = UserFactory(username="dave").to_dict()
    assert set(data) == {"id", "username", "email", "is_admin", "created_at"}
    assert data["username"] == "dave"


def test_default_timestamps_are_aware_utc(app):
    """A new row's created_at is filled in, and to_dict() shows it with a UTC offset."""
    with app.app_context():
        created = datetime.fromisoformat(PostFactory().to_dict()["created_at"])

    assert created.utcoffset() == timedelta(0)


def test_timestamps_come_from_the_app_clock(app, monkeypatch):
    """Models read "now" from services.clock, so freezing the clock freezes created_at and updated_at."""
    moment = datetime(2024, 12, 25, 10, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    with app.app_context():
        post = PostFactory()
        assert (as_utc(post.created_at), as_utc(post.updated_at)) == (moment, moment)

        later = moment + timedelta(hours=1)
        monkeypatch.setattr(clock, "now", lambda: later)
        post.title = "Edited"
        db.session.commit()
        assert (as_utc(post.created_at), as_utc(post.updated_at)) == (moment, later)


# --8<-- [start:timestamps-utc]
def test_timestamps_read_back_from_the_database_are_utc(app):
    """Whatever the driver returns (SQLite drops the zone), the stored moment comes back in UTC."""
    moment = datetime(2024, 12, 25, 10, 30, tzinfo=UTC)
    with app.app_context():
        post_id = PostFactory(created_at=moment).id
        db.session.expire_all()

        assert db.session.get_one(Post, post_id).to_dict()["created_at"] == "2024-12-25T10:30:00+00:00"


# --8<-- [end:timestamps-utc]


def test_as_utc_normalises_naive_and_foreign_datetimes():
    """Naive values are taken as UTC; aware ones are converted to UTC."""
    naive = datetime(2024, 12, 25, 10, 0)  # noqa: DTZ001 - the naive value is what is under test
    paris = datetime(2024, 12, 25, 11, 0, tzinfo=timezone(timedelta(hours=1)))
    assert as_utc(naive) == datetime(2024, 12, 25, 10, 0, tzinfo=UTC)
    assert as_utc(paris) == datetime(2024, 12, 25, 10, 0, tzinfo=UTC)


def test_post_belongs_to_its_author(app):
    """The author relationship works in both directions."""
    with app.app_context():
        author = UserFactory(username="erin")
        post = PostFactory(author=author, title="Hello")
        assert post.author.username == "erin"
        assert post in author.posts
        assert post.to_dict()["author"] == "erin"


def test_post_defaults(app):
    """New posts are published and untagged unless told otherwise."""
    with app.app_context():
        post = PostFactory()
        assert post.published is True
        assert post.tags == []


def test_updated_at_moves_on_change(app):
    """Editing a post refreshes its updated_at timestamp."""
    with app.app_context():
        post = PostFactory()
        post.updated_at = post.created_at - timedelta(days=1)
        db.session.commit()
        before = as_utc(post.updated_at)
        post.title = "Edited"
        db.session.commit()
        assert as_utc(post.updated_at) > before


# --8<-- [start:cascade-delete]
def test_deleting_a_user_deletes_their_posts_and_todos(app):
    """No orphans: a user's content goes with the account."""
    with app.app_context():
        author = UserFactory()
        PostFactory.create_batch(2, author=author)
        db.session.add(Todo(title="Buy milk", owner=author))
        db.session.commit()
        db.session.delete(author)
        db.session.commit()
    assert (count_rows(app, Post), count_rows(app, Todo)) == (0, 0)


# --8<-- [end:cascade-delete]


def test_deleting_a_user_deletes_their_idempotency_keys(app):
    """Also on SQLite: a later account given the same id must not inherit stored answers."""
    with app.app_context():
        owner = UserFactory()
        owner.idempotency_keys.append(IdempotencyKey(key="k", fingerprint="0" * 64))
        db.session.commit()
        db.session.delete(owner)
        db.session.commit()
    assert count_rows(app, IdempotencyKey) == 0


def test_a_user_cannot_hold_the_same_idempotency_key_twice(app):
    """The unique (user, key) pair is what settles two simultaneous retries."""
    with app.app_context():
        owner = UserFactory()
        for _ in range(2):
            db.session.add(IdempotencyKey(user_id=owner.id, key="k", fingerprint="0" * 64))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_todo_to_dict(app):
    """A to-do item serialises to id, title and done."""
    with app.app_context():
        todo = Todo(title="Buy milk", owner=UserFactory())
        db.session.add(todo)
        db.session.commit()
        assert todo.to_dict() == {"id": todo.id, "title": "Buy milk", "done": False}


def test_reprs_name_the_object():
    """Debug output says which user or post it is."""
    assert repr(User(username="alice")) == "<User alice>"
    assert repr(Post(title="Hi")) == "<Post Hi>"
