"""factory_boy factories that write through the app's ``db.session``.

Use them inside an application context; they commit, like the app does.
"""

from typing import TYPE_CHECKING, Any, Generic, TypeVar

import factory
from factory.alchemy import SQLAlchemyModelFactory

from sample_app.extensions import db
from sample_app.models import Post, User, hash_password

ModelT = TypeVar("ModelT")


class BaseFactory(SQLAlchemyModelFactory, Generic[ModelT]):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 - resolved per call
        sqlalchemy_session_persistence = "commit"

    if TYPE_CHECKING:
        # What calling a factory returns: a model, made by factory_boy's metaclass.
        def __new__(cls, **kwargs: Any) -> ModelT: ...  # type: ignore[misc]  # mypy reads __new__, not the metaclass


class UserFactory(BaseFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    is_admin = False
    password_hash = factory.LazyAttribute(lambda user: hash_password(user.password))

    class Params:
        password = "password123"


class PostFactory(BaseFactory[Post]):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Test Post {n}")
    content = factory.Faker("paragraph")
    published = True
    author = factory.SubFactory(UserFactory)
