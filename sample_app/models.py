"""Database models: users, their posts, their to-do items, their uploads and their idempotency keys."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import Model
from .services import clock


def _clock_now() -> datetime:
    """``clock.now()``, looked up at every call: a test that freezes the clock freezes the timestamps too."""
    return clock.now()


# --8<-- [start:as-utc]
def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` as aware UTC; SQLite hands back naive datetimes."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# --8<-- [end:as-utc]


def hash_password(password: str) -> str:
    """Hash with the configured method; test configs choose a cheap one to stay fast."""
    method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
    return generate_password_hash(password, method=method)


class User(Model):
    """An account: a unique username and email, a hashed password, and an admin flag."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    # The sign-in provider's id for the account, for users who came through OAuth. Ids stay
    # when a provider account is renamed; usernames and emails do not.
    provider_subject: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Part of every session cookie and token; bumping it ends them all (logout, password change).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_clock_now)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_clock_now, onupdate=_clock_now)

    posts: Mapped[list[Post]] = relationship(back_populates="author", cascade="all, delete-orphan", order_by="Post.id")
    todos: Mapped[list[Todo]] = relationship(back_populates="owner", cascade="all, delete-orphan", order_by="Todo.id")
    # Also on SQLite, whose foreign keys are off: a later account given the same id must
    # never be answered with this one's stored responses.
    idempotency_keys: Mapped[list[IdempotencyKey]] = relationship(cascade="all, delete-orphan")

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def end_sessions(self) -> None:
        """Make every session cookie and token issued so far worthless."""
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # --8<-- [start:user-public-view]
    def to_public_dict(self) -> dict:
        """What anybody may see about an account: no email, no role."""
        return {
            "id": self.id,
            "username": self.username,
            "created_at": as_utc(self.created_at).isoformat(),
        }

    def to_dict(self) -> dict:
        """The whole record, for the account itself and for administrators."""
        return self.to_public_dict() | {"email": self.email, "is_admin": self.is_admin}

    # --8<-- [end:user-public-view]

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class Post(Model):
    """A blog post; a draft (``published`` false) is visible to its author only."""

    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    content: Mapped[str] = mapped_column(sa.Text)
    published: Mapped[bool] = mapped_column(default=True)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_clock_now)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_clock_now, onupdate=_clock_now)

    author: Mapped[User] = relationship(back_populates="posts")

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "content": self.content,
            "published": self.published,
            "tags": list(self.tags or []),
            "author": self.author.username,
            "author_id": self.author_id,
            "created_at": as_utc(self.created_at).isoformat(),
            "updated_at": as_utc(self.updated_at).isoformat(),
        }

    def __repr__(self) -> str:
        return f"<Post {self.title}>"


class Todo(Model):
    """An item on a user's to-do list (the session-based API's example resource)."""

    __tablename__ = "todo"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    done: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_clock_now)

    owner: Mapped[User] = relationship(back_populates="todos")

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "done": self.done}


class Upload(Model):
    """A stored upload: the bytes live in ``UPLOAD_FOLDER`` under ``stored_name``."""

    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null for anonymous API uploads, and after the owner's account is deleted.
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(255), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(10), default="file")
    width: Mapped[int | None]
    height: Mapped[int | None]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_clock_now)

    # The backref lets the ORM null owner_id when a user is deleted, also on SQLite,
    # which does not enforce ON DELETE SET NULL unless foreign keys are switched on.
    owner: Mapped[User | None] = relationship(backref="uploads")

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "owner_id": self.owner_id,
            "original_name": self.original_name,
            "stored_name": self.stored_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
            "kind": self.kind,
            "width": self.width,
            "height": self.height,
            "description": self.description,
            "created_at": as_utc(self.created_at).isoformat(),
        }


# --8<-- [start:idempotency-model]
class IdempotencyKey(Model):
    """A key a client sent with a request, and the answer that request got, kept for its retries."""

    __tablename__ = "idempotency_key"
    # One row per user and key: the database, not the view, decides which of two
    # simultaneous retries comes first.
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(255))
    # SHA-256 of the method, the path and the body: "the same request" means these match.
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    # Empty only inside the transaction that claims the key: the view fills them in before
    # the commit that also stores what the request created.
    status_code: Mapped[int | None]
    body: Mapped[str | None] = mapped_column(sa.Text)
    location: Mapped[str | None] = mapped_column(sa.String(2048))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_clock_now)


# --8<-- [end:idempotency-model]
