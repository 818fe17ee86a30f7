"""access.py through the client: who a session belongs to, logging out, and ids out of range."""

from sample_app.tests.helpers import log_in_through_session


def test_logged_in_user_reaches_the_dashboard(auth_client):
    """A session made by the login form opens the dashboard."""
    response = auth_client.get("/dashboard")

    assert response.status_code == 200, f"GET /dashboard answered {response.status_code}"


def test_logging_out_ends_the_session(auth_client):
    """After POST /logout, the dashboard sends the browser to the login page."""
    auth_client.post("/logout")

    response = auth_client.get("/dashboard")

    assert response.status_code == 302, f"GET /dashboard answered {response.status_code}"
    assert response.location.startswith("/login"), f"redirected to {response.location}"


def test_session_with_a_user_id_that_is_not_an_integer_is_nobody(client, user):
    """A user id stored as text does not log anyone in."""
    log_in_through_session(client, str(user.id))

    response = client.get("/dashboard")

    assert response.status_code == 302, f"GET /dashboard answered {response.status_code}"


def test_session_of_an_account_that_does_not_exist_is_nobody(client, user):
    """A user id with no account behind it does not log anyone in."""
    log_in_through_session(client, user.id + 1000)

    response = client.get("/dashboard")

    assert response.status_code == 302, f"GET /dashboard answered {response.status_code}"


def test_post_id_too_large_for_the_database_is_a_404(client):
    """An id past the 64-bit range answers 404, not a 500 from the database."""
    response = client.get(f"/posts/{2**63}")

    assert response.status_code == 404, f"GET /posts/2**63 answered {response.status_code}"


def test_published_post_is_found_by_its_id(client, posts):
    """An id in range that names a post shows that post."""
    response = client.get(f"/posts/{posts[0]}")

    assert response.status_code == 200, f"GET /posts/{posts[0]} answered {response.status_code}"


def test_logging_out_without_a_session_still_goes_home(client):
    """POST /logout with nobody logged in is no error: it flashes its message on the home page."""
    response = client.post("/logout", follow_redirects=True)

    assert response.request.path == "/", f"POST /logout ended on {response.request.path}"
    assert "You have been logged out." in response.text, "the home page shows no logout message"
