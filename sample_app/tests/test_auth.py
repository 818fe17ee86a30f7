"""The session side of auth.py: registering, logging in (rate limited) and out, and who counts as logged in."""

import pytest

from sample_app import accounts, forms
from sample_app.extensions import db
from sample_app.models import User

from .helpers import REGISTRATION_FORM, count_rows, field_errors


class TestRegister:
    def test_register_page_shows_the_form(self, client):
        """GET /register renders every field of the form."""
        response = client.get("/register")

        assert response.status_code == 200
        for name in REGISTRATION_FORM:
            assert f'name="{name}"' in response.text

    # --8<-- [start:client-form-post]
    def test_register_creates_the_user_and_says_so(self, client, app):
        """A valid form answers 200 with a confirmation, and stores the user with a hashed password."""
        response = client.post("/register", data=REGISTRATION_FORM | {"email": "New@Example.COM"})

        assert response.status_code == 200
        assert "Registration successful" in response.text
        with app.app_context():
            user = db.session.scalar(db.select(User).filter_by(username="newuser"))
            assert user.email == "new@example.com"
            assert user.password_hash != "StrongPass123!"
            assert user.check_password("StrongPass123!")

    # --8<-- [end:client-form-post]

    def test_register_does_not_log_the_new_user_in(self, client):
        """Registering only creates the account; logging in is a separate step."""
        client.post("/register", data=REGISTRATION_FORM)

        with client.session_transaction() as session:
            assert "user_id" not in session

    # --8<-- [start:params-register-table]
    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("username", "", "This field is required."),
            ("email", "", "This field is required."),
            ("password", "", "This field is required."),
            ("confirm_password", "", "This field is required."),
            ("email", "not-an-email", "An email address must have an @-sign."),
            ("email", "a" * 60 + "@" + "b" * 60 + ".example.com", "Must be at most 120 characters long."),
            ("password", "123", forms.WEAK_PASSWORD),
            ("password", "onlyletters", forms.WEAK_PASSWORD),
            ("password", "1234567890", forms.WEAK_PASSWORD),
            ("password", "Ab1" * 43, forms.WEAK_PASSWORD),
            ("confirm_password", "DifferentPass456!", "Passwords must match."),
            ("username", "ab", "Must be 3 to 30 characters long."),
            ("username", "a" * 31, "Must be 3 to 30 characters long."),
            ("username", "new user", "Use only letters, digits, '_', '.' and '-'."),
            ("username", "../etc", "Use only letters, digits, '_', '.' and '-'."),
            ("username", "<script>alert(1)</script>", "Use only letters, digits, '_', '.' and '-'."),
            ("username", "Admin", "This username is reserved."),
            ("username", "LOGIN", "This username is reserved."),
        ],
        ids=[
            "missing-username",
            "missing-email",
            "missing-password",
            "missing-confirmation",
            "malformed-email",
            "overlong-email",
            "short-password",
            "password-without-digit",
            "password-without-letter",
            "overlong-password",
            "passwords-differ",
            "short-username",
            "long-username",
            "username-with-space",
            "username-with-path",
            "username-with-markup",
            "reserved-username",
            "reserved-username-any-case",
        ],
    )
    def test_register_refuses_invalid_input(self, client, app, field, value, message):
        """Each broken field gets a 400, the form back with the reason under that field, and no user."""
        response = client.post("/register", data=REGISTRATION_FORM | {field: value})

        assert response.status_code == 400
        assert any(error.startswith(message) for error in field_errors(response, field))
        assert count_rows(app, User) == 0

    # --8<-- [end:params-register-table]

    def test_register_with_only_a_username_lists_every_missing_field(self, client):
        """Fields left out of the request altogether are reported as required."""
        response = client.post("/register", data={"username": "newuser"})

        assert response.status_code == 400
        for field in ("email", "password", "confirm_password"):
            assert field_errors(response, field) == ["This field is required."]

    def test_register_refuses_a_taken_email_in_any_case(self, client, app, user):
        """Emails are unique regardless of case."""
        response = client.post("/register", data=REGISTRATION_FORM | {"email": user.email.upper()})

        assert response.status_code == 400
        assert "Email already registered" in response.text
        assert count_rows(app, User) == 1

    def test_register_refuses_a_taken_username_in_any_case(self, client, app, user):
        """Usernames are unique regardless of case."""
        response = client.post("/register", data=REGISTRATION_FORM | {"username": user.username.upper()})

        assert response.status_code == 400
        assert field_errors(response, "username") == ["Username already taken"]
        assert count_rows(app, User) == 1

    # --8<-- [start:echo-escaped]
    def test_register_echoes_hostile_input_escaped(self, client):
        """A refused username comes back HTML-escaped in the form, never as live markup."""
        response = client.post("/register", data=REGISTRATION_FORM | {"username": "<script>alert(1)</script>"})

        assert "<script>alert(1)</script>" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text

    # --8<-- [end:echo-escaped]

    def test_register_race_on_the_unique_constraint_is_a_400(self, client, app, user, monkeypatch):
        """If another request takes the name after our check, the database refuses, and nothing is lost."""
        # Simulate the race: the form's check sees a free name that the database already holds.
        monkeypatch.setattr(accounts, "username_taken", lambda *args, **kwargs: False)

        response = client.post("/register", data=REGISTRATION_FORM | {"username": user.username})

        assert response.status_code == 400
        assert "registered a moment ago" in response.text
        assert count_rows(app, User) == 1
        with app.app_context():
            assert db.session.get_one(User, user.id).email == user.email


class TestLogin:
    def test_login_page_has_the_form_fields(self, client):
        """GET /login shows a username field, a password field and a submit button."""
        response = client.get("/login")

        assert response.status_code == 200
        assert "Login" in response.text
        assert 'name="username"' in response.text
        assert 'name="password"' in response.text
        assert 'type="submit"' in response.text

    # --8<-- [start:login-redirect]
    # --8<-- [start:client-location]
    def test_login_redirects_to_the_dashboard_and_remembers_the_user(self, client, user):
        """A correct password stores the user's id in the session and redirects to /dashboard."""
        response = client.post("/login", data={"username": user.username, "password": user.password})

        assert response.headers["Location"] == "/dashboard"
        with client.session_transaction() as session:
            assert session["user_id"] == user.id

    # --8<-- [end:client-location]
    # --8<-- [end:login-redirect]

    # --8<-- [start:client-session-cookie]
    def test_login_sets_an_http_only_session_cookie(self, client, user):
        """The session lives in a signed cookie that page scripts cannot read."""
        assert client.get_cookie("session") is None

        client.post("/login", data={"username": user.username, "password": user.password})

        cookie = client.get_cookie("session")
        assert cookie is not None
        assert cookie.http_only

    # --8<-- [end:client-session-cookie]

    # --8<-- [start:login-follow]
    # --8<-- [start:client-follow-redirects]
    def test_login_followed_to_the_dashboard(self, client, user):
        """Following the redirect lands on the dashboard, which greets the user."""
        response = client.post(
            "/login", data={"username": user.username, "password": user.password}, follow_redirects=True
        )

        assert response.status_code == 200
        assert response.request.path == "/dashboard"
        assert len(response.history) == 1
        assert "Dashboard" in response.text
        assert user.username in response.text

    # --8<-- [end:client-follow-redirects]
    # --8<-- [end:login-follow]

    @pytest.mark.parametrize(
        ("username", "password"),
        [("testuser", "wrongpassword"), ("ghost", "password123"), ("TESTUSER", "password123")],
        ids=["wrong-password", "unknown-user", "username-in-other-case"],
    )
    def test_login_refuses_bad_credentials(self, client, user, username, password):
        """Wrong credentials get 401 and one message that does not say which part was wrong."""
        response = client.post("/login", data={"username": username, "password": password})

        assert response.status_code == 401
        assert "Invalid username or password" in response.text
        with client.session_transaction() as session:
            assert "user_id" not in session

    def test_login_with_empty_fields_is_a_400(self, client):
        """An incomplete form is a bad request, not a failed login."""
        response = client.post("/login", data={"username": "", "password": ""})

        assert response.status_code == 400
        assert field_errors(response, "username") == ["This field is required."]
        assert field_errors(response, "password") == ["This field is required."]

    @pytest.mark.parametrize(
        ("next_url", "expected_location"),
        [
            ("/posts/new", "/posts/new"),
            ("/posts?page=2", "/posts?page=2"),
            ("https://evil.test/phish", "/dashboard"),
            ("//evil.test/phish", "/dashboard"),
            ("/\\evil.test/phish", "/dashboard"),
            ("/posts\r\nSet-Cookie: stolen=1", "/dashboard"),
            ("javascript:alert(1)", "/dashboard"),
        ],
        ids=["path", "path-with-query", "other-site", "scheme-relative", "backslash", "header-injection", "javascript"],
    )
    def test_login_follows_next_only_within_the_site(self, client, user, next_url, expected_location):
        """?next= may send the user back to a page here, never to another site."""
        response = client.post(
            "/login",
            query_string={"next": next_url},
            data={"username": user.username, "password": user.password},
        )

        assert response.headers["Location"] == expected_location

    # --8<-- [start:client-session-write]
    def test_login_starts_a_fresh_session(self, client, user):
        """Whatever the session held before logging in is dropped."""
        with client.session_transaction() as session:
            session["planted"] = "value from before the login"

        client.post("/login", data={"username": user.username, "password": user.password})

        with client.session_transaction() as session:
            assert "planted" not in session

    # --8<-- [end:client-session-write]


def post_login(client, path: str, credentials: dict):
    """Send credentials as each login route reads them: a form to /login, JSON to the API."""
    if path == "/login":
        return client.post(path, data=credentials)
    return client.post(path, json=credentials)


class TestLoginRateLimit:
    """POST /login allows LOGIN_RATE_LIMIT attempts per client address: 10 a minute unless configured."""

    def test_eleventh_attempt_within_a_minute_gets_a_429_page(self, client, user):
        """After ten attempts, even the right password is refused with a 429 page and a Retry-After."""
        for number in range(1, 11):
            attempt = client.post("/login", data={"username": user.username, "password": f"wrong-{number}"})
            assert attempt.status_code == 401, f"attempt {number} was not judged on its password"

        response = client.post("/login", data={"username": user.username, "password": user.password})

        assert response.status_code == 429
        assert response.mimetype == "text/html"
        assert "Too many login attempts. Wait a minute, then try again." in response.text
        assert int(response.headers["Retry-After"]) >= 1
        with client.session_transaction() as session:
            assert "user_id" not in session

    # --8<-- [start:config-monkeypatch]
    def test_limit_comes_from_the_config(self, app, client, user, monkeypatch):
        """LOGIN_RATE_LIMIT is read on each request, so a test can make the limit tiny."""
        monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "2 per minute")
        wrong = {"username": user.username, "password": "wrong-password"}

        codes = [client.post("/login", data=wrong).status_code for _ in range(3)]

        assert codes == [401, 401, 429]

    # --8<-- [end:config-monkeypatch]

    # --8<-- [start:login-routes-share-a-limit]
    @pytest.mark.parametrize("path", ["/login", "/api/login", "/api/auth/login"])
    def test_every_login_route_is_limited(self, app, client, user, monkeypatch, path):
        """Each way of checking a password answers 429 once the attempts are used up, right password or not."""
        monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
        wrong = {"username": user.username, "password": "wrong-password"}
        right = {"username": user.username, "password": user.password}

        codes = [post_login(client, path, wrong).status_code for _ in range(3)]
        response = post_login(client, path, right)

        assert (codes, response.status_code) == ([401, 401, 401], 429)
        assert int(response.headers["Retry-After"]) >= 1
        assert "access_token" not in response.get_data(as_text=True)

    def test_login_routes_share_one_allowance(self, app, client, user, monkeypatch):
        """Three doors do not give three times the guesses: the attempts add up across routes."""
        monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
        wrong = {"username": user.username, "password": "wrong-password"}

        codes = [
            client.post("/login", data=wrong).status_code,
            client.post("/api/login", json=wrong).status_code,
            client.post("/api/auth/login", json=wrong).status_code,
            client.post("/api/auth/login", json=wrong | {"password": user.password}).status_code,
        ]

        assert codes == [401, 401, 401, 429]

    # --8<-- [end:login-routes-share-a-limit]

    def test_showing_the_form_is_not_limited(self, app, client, user, monkeypatch):
        """Only POSTs count: a client that used up its attempts can still load the page."""
        monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1 per minute")
        client.post("/login", data={"username": user.username, "password": "wrong-password"})
        assert client.post("/login", data={"username": user.username, "password": user.password}).status_code == 429

        assert client.get("/login").status_code == 200


class TestLogout:
    # --8<-- [start:logout]
    def test_logout_clears_the_session_and_goes_home(self, auth_client):
        """POST /logout forgets the user and redirects to the home page."""
        response = auth_client.post("/logout")

        assert response.headers["Location"] == "/"
        with auth_client.session_transaction() as session:
            assert "user_id" not in session

    def test_logged_out_user_cannot_reach_the_dashboard(self, auth_client):
        """After logging out, protected pages send the visitor to the login page again."""
        assert auth_client.get("/dashboard").status_code == 200

        auth_client.post("/logout", follow_redirects=True)

        assert "/login" in auth_client.get("/dashboard").headers["Location"]

    def test_logout_by_get_is_refused_and_keeps_the_session(self, auth_client):
        """A link or an <img src="/logout"> on another site cannot log the user out: GET is a 405."""
        assert auth_client.get("/logout").status_code == 405

        assert auth_client.get("/dashboard").status_code == 200

    # --8<-- [end:logout]

    def test_logout_says_goodbye(self, auth_client):
        """The home page after logging out shows a flash message and the Login link."""
        response = auth_client.post("/logout", follow_redirects=True)

        assert response.request.path == "/"
        assert "You have been logged out." in response.text
        assert "Login" in response.text


class TestWhoIsLoggedIn:
    # --8<-- [start:protected-redirect]
    def test_login_required_redirects_anonymous_visitors_to_login(self, client):
        """A protected page redirects to /login with the page to return to in ?next=."""
        response = client.get("/dashboard")

        assert response.headers["Location"] == "/login?next=/dashboard"

    # --8<-- [end:protected-redirect]

    def test_login_required_keeps_the_query_string_in_next(self, client):
        """The return address includes the query string the visitor asked for."""
        response = client.get("/dashboard", query_string={"tab": "drafts"})

        assert response.headers["Location"] == "/login?next=/dashboard?tab%3Ddrafts"

    def test_login_required_does_not_offer_to_replay_a_post(self, client, posts):
        """A protected form POST redirects to plain /login: it cannot be repeated with a GET."""
        response = client.post(f"/posts/{posts[0]}/delete")

        assert response.headers["Location"] == "/login"

    # --8<-- [start:session-shortcut]
    def test_session_user_id_is_enough_to_be_logged_in(self, client, user):
        """Setting user_id in the session directly skips the login form."""
        with client.session_transaction() as session:
            session["user_id"] = user.id

        response = client.get("/dashboard")

        assert response.status_code == 200
        assert user.username in response.text

    # --8<-- [end:session-shortcut]

    def test_session_of_a_deleted_user_counts_as_logged_out(self, auth_client, app, user):
        """A session that outlived its user's account no longer opens protected pages."""
        with app.app_context():
            db.session.delete(db.session.get(User, user.id))
            db.session.commit()

        response = auth_client.get("/dashboard")

        assert "/login" in response.headers["Location"]
