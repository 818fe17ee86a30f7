"""pages.py: the home page, and each user's dashboard, profile and settings."""

import pytest

from sample_app import accounts, forms
from sample_app.extensions import db
from sample_app.models import User

from .helpers import create_post, stored_post


@pytest.fixture
def draft_and_foreign_post(app, user, other_user) -> tuple[str, str]:
    """A draft by ``user`` and a published post by ``other_user``; returns their titles."""
    create_post(app, user.id, title="My unfinished draft", published=False)
    create_post(app, other_user.id, title="A post by someone else")
    return "My unfinished draft", "A post by someone else"


def stored_user(app, user_id: int) -> dict:
    """The columns of a user that settings can change, read fresh from the database."""
    with app.app_context():
        user = db.session.get_one(User, user_id)
        return {"email": user.email, "bio": user.bio, "password_hash": user.password_hash}


class TestHome:
    def test_home_page_welcomes_visitors(self, client):
        """GET / answers 200 with a welcome."""
        response = client.get("/")

        assert response.status_code == 200
        assert "Welcome" in response.text

    def test_home_page_lists_recent_published_posts(self, client, app, posts, draft_and_foreign_post):
        """The home page links the newest published posts and hides drafts."""
        draft_title, foreign_title = draft_and_foreign_post

        response = client.get("/")

        assert foreign_title in response.text
        assert draft_title not in response.text


# --8<-- [start:client-redirect-status]
@pytest.mark.parametrize("path", ["/dashboard", "/profile", "/settings"])
def test_personal_pages_require_login(client, path):
    """Anonymous visitors are redirected to the login page."""
    response = client.get(path)

    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


# --8<-- [end:client-redirect-status]


class TestDashboard:
    def test_dashboard_lists_the_users_own_posts(self, auth_client, app, posts, user):
        """The dashboard greets the user by name and lists every post they wrote."""
        stored = [stored_post(app, post_id) for post_id in posts]
        titles = [post["title"] for post in stored if post is not None]
        assert len(titles) == len(posts)

        response = auth_client.get("/dashboard")

        assert response.status_code == 200
        assert "Dashboard" in response.text
        assert user.username in response.text
        for title in titles:
            assert title in response.text

    def test_dashboard_includes_drafts_but_not_other_users_posts(self, auth_client, draft_and_foreign_post):
        """Drafts are visible to their author, marked as such; other people's posts are not listed."""
        draft_title, foreign_title = draft_and_foreign_post

        response = auth_client.get("/dashboard")

        assert draft_title in response.text
        assert "Draft" in response.text
        assert foreign_title not in response.text


def test_profile_shows_the_account(auth_client, user):
    """The profile shows username, email and the date the account was created."""
    response = auth_client.get("/profile")

    assert response.status_code == 200
    assert user.username in response.text
    assert user.email in response.text
    assert "Member since" in response.text


class TestSettings:
    def test_settings_form_is_filled_with_current_values(self, auth_client, user):
        """GET /settings shows the stored email, ready to edit."""
        response = auth_client.get("/settings")

        assert response.status_code == 200
        assert f'value="{user.email}"' in response.text

    def test_settings_update_email_and_bio(self, auth_client, app, user):
        """Saving redirects to the profile and stores the email lower-case and the bio."""
        response = auth_client.post("/settings", data={"email": "New.Address@Example.com", "bio": "I write tests."})

        assert response.headers["Location"] == "/profile"
        stored = stored_user(app, user.id)
        assert stored["email"] == "new.address@example.com"
        assert stored["bio"] == "I write tests."

    # --8<-- [start:integration-password-journey]
    def test_settings_change_password_with_the_current_one(self, auth_client, auth, user):
        """With the right current password, the new password works from the next login."""
        response = auth_client.post(
            "/settings",
            data={
                "email": user.email,
                "current_password": user.password,
                "new_password": "EvenBetter456",
                "confirm_password": "EvenBetter456",
            },
        )
        assert response.headers["Location"] == "/profile"

        auth.logout()
        assert auth.login(password=user.password).status_code == 401
        assert auth.login(password="EvenBetter456").headers["Location"] == "/dashboard"

    # --8<-- [end:integration-password-journey]

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"current_password": "wrong-password1"}, "current_password", "Current password is incorrect."),
            ({"current_password": ""}, "current_password", "Current password is incorrect."),
            ({"confirm_password": "Different789"}, "confirm_password", "Passwords must match."),
            ({"new_password": "short1", "confirm_password": "short1"}, "new_password", forms.WEAK_PASSWORD),
        ],
        ids=["wrong-current-password", "no-current-password", "confirmation-differs", "weak-new-password"],
    )
    def test_settings_refuse_a_bad_password_change(self, auth_client, app, user, changes, field, message):
        """A refused password change is a 400 with the reason, and the old password stays."""
        before = stored_user(app, user.id)
        data = {
            "email": user.email,
            "current_password": user.password,
            "new_password": "EvenBetter456",
            "confirm_password": "EvenBetter456",
        } | changes

        response = auth_client.post("/settings", data=data)

        assert response.status_code == 400
        assert message in response.text
        assert f'id="{field}-errors"' in response.text
        assert stored_user(app, user.id) == before

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"email": ""}, "This field is required."),
            ({"email": "not-an-email"}, "An email address must have an @-sign."),
            ({"email": "other@example.com"}, "Email already registered"),
            ({"bio": "x" * 501}, "Field cannot be longer than 500 characters."),
        ],
        ids=["missing-email", "malformed-email", "email-of-another-user", "overlong-bio"],
    )
    def test_settings_refuse_invalid_profile_data(self, auth_client, app, user, other_user, changes, message):
        """Invalid email or bio is a 400 with the reason, and nothing is saved."""
        before = stored_user(app, user.id)

        response = auth_client.post("/settings", data={"email": user.email, "bio": "New bio"} | changes)

        assert response.status_code == 400
        assert message in response.text
        assert stored_user(app, user.id) == before

    def test_settings_keep_own_email_in_another_case(self, auth_client, app, user):
        """Re-saving your own address is not a clash with yourself."""
        response = auth_client.post("/settings", data={"email": user.email.upper(), "bio": ""})

        assert response.headers["Location"] == "/profile"
        assert stored_user(app, user.id)["email"] == user.email

    def test_settings_race_on_the_email_constraint_is_a_400(self, auth_client, app, user, other_user, monkeypatch):
        """If the email is taken after our check, the database refuses it and nothing changes."""
        monkeypatch.setattr(accounts, "email_taken", lambda *args, **kwargs: False)
        before = stored_user(app, user.id)

        response = auth_client.post("/settings", data={"email": other_user.email, "bio": "New bio"})

        assert response.status_code == 400
        assert "Email already registered" in response.text
        assert stored_user(app, user.id) == before
