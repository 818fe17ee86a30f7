"""Predict the outcome: what does pytest report when it runs this module?"""

import pytest

from sample_app import create_app
from sample_app.extensions import db
from sample_app.models import User


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def user(app) -> User:
    with app.app_context():
        user = User(username="ada", email="ada@example.com")
        user.set_password("correct horse battery staple")
        db.session.add(user)
        db.session.commit()
        return user


def test_user_fixture_has_the_right_name(user):
    """The user fixture creates the account called ada."""
    assert user.username == "ada"
