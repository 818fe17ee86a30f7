"""Lesson 7: images made with Pillow for the test, uploaded, downloaded and checked with Pillow."""

import io
from pathlib import Path

import pytest
from PIL import Image

from sample_app import accounts, create_app
from sample_app.extensions import db


@pytest.fixture
def app(tmp_path):
    """The sample app with an in-memory database and uploads under this test's tmp_path."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "JWT_SECRET_KEY": "test-jwt-secret-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            # A logged-in session's API upload needs the CSRF token; these tests are about images.
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A client logged in as a new user: only an upload's owner (or an admin) may download it."""
    with app.app_context():
        owner_id = accounts.create_user("ada", "ada@example.com", "password123").id
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = owner_id
    return client


# --8<-- [start:make-image]
def image_bytes(size: tuple[int, int], color: str, image_format: str) -> bytes:
    """A real image of exactly this size and colour, made in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    return buffer.getvalue()


# --8<-- [end:make-image]


# --8<-- [start:round-trip]
def test_uploaded_png_downloads_as_the_same_picture(client):
    """The stored file is still a PNG of the same size, with the same pixels."""
    sent = image_bytes((5, 3), "orange", "PNG")

    upload = client.post("/api/upload/image", data={"image": (io.BytesIO(sent), "sunset.png")})
    assert upload.status_code == 200

    with client.get(upload.get_json()["url"]) as download, Image.open(io.BytesIO(download.data)) as received:
        assert (received.format, received.size) == ("PNG", (5, 3))
        assert received.convert("RGB").getpixel((4, 2)) == (255, 165, 0)


# --8<-- [end:round-trip]


# --8<-- [start:disguised]
def test_jpeg_named_png_is_refused_and_nothing_is_kept(app, client):
    """Pillow reads the bytes, not the name: a JPEG called .png is a 400, and the folder stays empty."""
    disguised = image_bytes((2, 2), "blue", "JPEG")

    response = client.post("/api/upload/image", data={"image": (io.BytesIO(disguised), "photo.png")})

    assert response.status_code == 400
    assert response.get_json()["errors"] == {"image": ["The file is a JPEG image but is named .png."]}
    assert not Path(app.config["UPLOAD_FOLDER"]).exists()


# --8<-- [end:disguised]
