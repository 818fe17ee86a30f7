"""admin.py: the administrators' user list, promoting and demoting, and deleting users."""

import pytest

from sample_app.extensions import db
from sample_app.models import Post, User

from .helpers import count_rows, html


def is_admin(app, user_id: int) -> bool:
    with app.app_context():
        return db.session.get_one(User, user_id).is_admin


def users_table(response) -> dict[str, dict[str, str]]:
    """The admin dashboard's table as {username: {column heading: cell text}}."""
    soup = html(response)
    headings = [cell.get_text(strip=True) for cell in soup.select("thead th")]
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in soup.select("tbody tr")]
    return {cells[0]: dict(zip(headings, cells, strict=True)) for cells in rows}


def user_exists(app, user_id: int) -> bool:
    with app.app_context():
        return db.session.get(User, user_id) is not None


# --8<-- [start:admin-access]
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/admin/"), ("post", "/admin/users/1/toggle-admin"), ("post", "/admin/users/1/delete")],
    ids=["dashboard", "toggle-admin", "delete-user"],
)
class TestAccess:
    def test_anonymous_visitors_are_sent_to_login(self, client, method, path):
        """Without a session, every admin URL redirects to the login page."""
        response = getattr(client, method)(path)

        assert "/login" in response.headers["Location"]

    def test_regular_users_are_forbidden(self, auth_client, app, user, method, path):
        """A logged-in user who is not an administrator gets 403 and changes nothing."""
        response = getattr(auth_client, method)(path)

        assert response.status_code == 403
        assert user_exists(app, user.id)
        assert not is_admin(app, user.id)


# --8<-- [end:admin-access]


def test_dashboard_lists_users_with_post_counts(admin_client, user, posts, other_user):
    """Each user appears once, with the number of posts they wrote."""
    response = admin_client.get("/admin/")

    table = users_table(response)
    assert response.status_code == 200
    assert {username: row["Posts"] for username, row in table.items()} == {
        "admin": "0",
        "otheruser": "0",
        "testuser": str(len(posts)),
    }
    assert table["admin"]["Role"] == "Administrator"


class TestToggleAdmin:
    def test_admin_can_promote_and_demote_another_user(self, admin_client, app, user):
        """Toggling twice makes a user an administrator, then a member again."""
        response = admin_client.post(f"/admin/users/{user.id}/toggle-admin", follow_redirects=True)
        assert response.request.path == "/admin/"
        assert "testuser is now an administrator." in response.text
        assert is_admin(app, user.id)

        response = admin_client.post(f"/admin/users/{user.id}/toggle-admin", follow_redirects=True)
        assert "testuser is no longer an administrator." in response.text
        assert not is_admin(app, user.id)

    def test_admin_cannot_demote_themselves(self, admin_client, app, admin_user):
        """Removing your own admin rights is refused with a 400 and a reason."""
        response = admin_client.post(f"/admin/users/{admin_user.id}/toggle-admin")

        assert response.status_code == 400
        assert "You cannot remove your own admin rights." in response.text
        assert is_admin(app, admin_user.id)

    def test_toggling_a_missing_user_is_a_404(self, admin_client):
        """There is nobody to promote behind an unknown id."""
        assert admin_client.post("/admin/users/99999/toggle-admin").status_code == 404


class TestDeleteUser:
    def test_admin_can_delete_a_user_and_their_posts(self, admin_client, app, user, posts):
        """Deleting a user removes their account and everything they wrote."""
        response = admin_client.post(f"/admin/users/{user.id}/delete", follow_redirects=True)

        assert response.request.path == "/admin/"
        assert "Deleted testuser and their posts." in response.text
        assert not user_exists(app, user.id)
        assert count_rows(app, Post) == 0

    def test_admin_cannot_delete_themselves(self, admin_client, app, admin_user):
        """Deleting your own account from the admin page is refused with a 400."""
        response = admin_client.post(f"/admin/users/{admin_user.id}/delete")

        assert response.status_code == 400
        assert "You cannot delete your own account." in response.text
        assert user_exists(app, admin_user.id)

    def test_deleting_a_missing_user_is_a_404(self, admin_client):
        """An unknown id, however large, is a 404 rather than an error."""
        assert admin_client.post(f"/admin/users/{10**30}/delete").status_code == 404
