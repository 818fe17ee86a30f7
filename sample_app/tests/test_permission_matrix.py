"""Who may do what: every route the app registers, tried by an anonymous visitor, a user, the owner and an admin.

One row per route and method. The ids in a rule are filled in with a post and an upload that
``owner`` owns, and an account that is nobody's but the admins' business. Each role sends both a
session cookie and a bearer token, so a route is checked against whichever it trusts. Requests
carry no body: the matrix is about who gets past the access checks, so a role that does answers
the view's own status (often a 400 for the missing body); a role that does not gets the refusal.
"""

from urllib.parse import urlsplit

import pytest

from .helpers import bearer, create_post, create_user, log_in_through_session, sent_from_files, token_pair

ROLES = ("anonymous", "user", "owner", "admin")
LOGIN = "-> /login"

# --8<-- [start:matrix]
# (method, rule): expected answer for anonymous, user, owner, admin. A redirect is written
# "-> path" (ids as in the rule), so the table says where a refused visitor is sent.
MATRIX = {
    ("GET", "/"): (200, 200, 200, 200),
    ("GET", "/static/<path:filename>"): (200, 200, 200, 200),
    ("GET", "/register"): (200, 200, 200, 200),
    ("POST", "/register"): (400, 400, 400, 400),
    ("GET", "/login"): (200, 200, 200, 200),
    ("POST", "/login"): (400, 400, 400, 400),
    ("POST", "/logout"): ("-> /", "-> /", "-> /", "-> /"),
    ("GET", "/auth/oauth/login"): (302, 302, 302, 302),
    ("GET", "/auth/oauth/callback"): (400, 400, 400, 400),
    ("GET", "/dashboard"): (LOGIN, 200, 200, 200),
    ("GET", "/profile"): (LOGIN, 200, 200, 200),
    ("GET", "/settings"): (LOGIN, 200, 200, 200),
    # An empty form keeps every setting as it is, and saves that.
    ("POST", "/settings"): (LOGIN, "-> /profile", "-> /profile", "-> /profile"),
    ("GET", "/posts"): (200, 200, 200, 200),
    ("GET", "/posts/new"): (LOGIN, 200, 200, 200),
    ("POST", "/posts/new"): (LOGIN, 400, 400, 400),
    ("GET", "/posts/<int:post_id>"): (200, 200, 200, 200),
    ("GET", "/posts/<int:post_id>/edit"): (LOGIN, 403, 200, 403),
    ("POST", "/posts/<int:post_id>/edit"): (LOGIN, 403, "-> /posts/<int:post_id>", 403),
    ("POST", "/posts/<int:post_id>/delete"): (LOGIN, 403, "-> /dashboard", "-> /dashboard"),
    ("GET", "/upload"): (LOGIN, 200, 200, 200),
    ("POST", "/upload"): (LOGIN, 400, 400, 400),
    ("GET", "/upload/image"): (LOGIN, 200, 200, 200),
    ("POST", "/upload/image"): (LOGIN, 400, 400, 400),
    ("GET", "/admin/"): (LOGIN, 403, 403, 200),
    ("POST", "/admin/users/<int:user_id>/toggle-admin"): (LOGIN, 403, 403, "-> /admin/"),
    ("POST", "/admin/users/<int:user_id>/delete"): (LOGIN, 403, 403, "-> /admin/"),
    ("GET", "/api/health"): (200, 200, 200, 200),
    ("GET", "/api/data"): (200, 200, 200, 200),
    ("GET", "/api/greeting"): (200, 200, 200, 200),
    ("GET", "/api/weather"): (400, 400, 400, 400),
    ("GET", "/api/metrics"): (401, 403, 403, 200),
    ("POST", "/api/login"): (400, 400, 400, 400),
    ("POST", "/api/logout"): (200, 200, 200, 200),
    ("POST", "/api/auth/login"): (400, 400, 400, 400),
    ("POST", "/api/auth/refresh"): (401, 422, 422, 422),
    ("GET", "/api/protected"): (401, 200, 200, 200),
    ("GET", "/api/todo"): (401, 200, 200, 200),
    ("POST", "/api/todo"): (401, 400, 400, 400),
    ("GET", "/api/users"): (200, 200, 200, 200),
    ("POST", "/api/users"): (400, 400, 400, 400),
    ("GET", "/api/users/<int:user_id>"): (200, 200, 200, 200),
    ("GET", "/api/users/me"): (401, 200, 200, 200),
    ("GET", "/api/admin/users"): (401, 403, 403, 200),
    ("GET", "/api/posts"): (200, 200, 200, 200),
    ("POST", "/api/posts"): (401, 400, 400, 400),
    ("GET", "/api/posts/<int:post_id>"): (200, 200, 200, 200),
    ("PUT", "/api/posts/<int:post_id>"): (401, 403, 400, 403),
    ("PATCH", "/api/posts/<int:post_id>"): (401, 403, 400, 403),
    ("DELETE", "/api/posts/<int:post_id>"): (401, 403, 204, 204),
    ("POST", "/api/upload"): (400, 400, 400, 400),
    ("POST", "/api/upload/image"): (400, 400, 400, 400),
    ("GET", "/api/uploads/<int:upload_id>"): (404, 404, 200, 200),
    ("GET", "/api/uploads/<int:upload_id>/download"): (404, 404, 200, 200),
    ("DELETE", "/api/uploads/<int:upload_id>"): (403, 403, 204, 403),
}
# --8<-- [end:matrix]


@pytest.fixture
def world(app, user, other_user, admin_user) -> tuple[dict, dict]:
    """The ids to fill rules with (``user`` owns the post and the upload), and the account of each role."""
    target = create_user(app, username="target", email="target@example.com")
    post_id = create_post(app, user.id)
    uploader = app.test_client()
    log_in_through_session(uploader, user.id)
    upload_id = uploader.post("/api/upload", data={"file": sent_from_files("hello.txt")}).get_json()["id"]
    ids = {"post_id": post_id, "upload_id": upload_id, "user_id": target.id, "path:filename": "style.css"}
    return ids, {"user": other_user, "owner": user, "admin": admin_user}


def url_for_rule(rule: str, ids: dict) -> str:
    """The rule with each ``<converter:name>`` replaced by the world's id for that name."""
    for name, value in ids.items():
        placeholder = f"<{name}>" if ":" in name else f"<int:{name}>"
        rule = rule.replace(placeholder, str(value))
    return rule


def answer(response) -> int | str:
    """The status, or "-> path" for a redirect to a page of this site."""
    if response.status_code in (302, 303) and not urlsplit(response.headers["Location"]).netloc:
        return f"-> {urlsplit(response.headers['Location']).path}"
    return response.status_code


# --8<-- [start:matrix-test]
@pytest.mark.parametrize(("method", "rule"), MATRIX, ids=[f"{method} {rule}" for method, rule in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_in_the_matrix(app, world, method, rule, role):
    """A route answers each role exactly as its row says: refusals where they belong, and only there."""
    ids, accounts = world
    client = app.test_client()
    headers = {}
    if role != "anonymous":
        headers = bearer(token_pair(client, accounts[role])["access_token"])
        log_in_through_session(client, accounts[role].id)
    expected = MATRIX[method, rule][ROLES.index(role)]

    with client.open(url_for_rule(rule, ids), method=method, headers=headers) as response:
        assert answer(response) == (url_for_rule(expected, ids) if isinstance(expected, str) else expected)


def test_the_matrix_has_a_row_for_every_route(app):
    """A new route, or a new method on one, fails here until someone decides who may use it."""
    registered = {
        (method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    assert registered == set(MATRIX)


# --8<-- [end:matrix-test]
