"""Hidden tests for the `auth_middleware` exercise: bearer tokens, roles and an owner-only resource.

Each test talks to your app only through the `client` fixture (a fresh app per test), and uses
`make_client(...)` for a second app with the same SECRET_KEY and other settings: a TOKEN_MAX_AGE
for which every token is too old, another SECRET_KEY, other USERS. The docstring of each test is
what the feedback shows you.
"""

import pytest
from itsdangerous import URLSafeTimedSerializer

from autograder.material.api_errors import assert_error, assert_status

# The contract's SECRET_KEY (every app of a test gets it) and the specification's salt.
SECRET_KEY = "test-secret"
TOKEN_SALT = "access-token"
PASSWORDS = {"alice": "quill-and-ink-1", "bob": "blotting-paper-2", "ada": "fountain-pen-3", "guest": "just-looking-4"}
USER_ROUTES = [("GET", "/me"), ("GET", "/drafts"), ("POST", "/drafts")]
PROTECTED_ROUTES = [*USER_ROUTES, ("GET", "/admin/users"), ("GET", "/drafts/1"), ("DELETE", "/drafts/1")]
ROUTE_IDS = [f"{method} {path}" for method, path in PROTECTED_ROUTES]


# --- helpers -----------------------------------------------------------------------------------


def expect_challenge(response, action, error=None):
    """A 401 whose WWW-Authenticate header names the Bearer scheme (and `error`, when given)."""
    __tracebackhide__ = True
    header = response.headers.get("WWW-Authenticate") or ""
    assert header.lower().startswith("bearer"), (
        f"{action}: a 401 should carry a 'WWW-Authenticate: Bearer ...' header, got {header!r}"
    )
    if error is not None:
        assert f'error="{error}"' in header, (
            f'{action}: the WWW-Authenticate header should say error="{error}", got {header!r}'
        )


def login(client, username, password=None):
    return client.post("/tokens", json={"username": username, "password": password or PASSWORDS[username]})


def token_for(client, username):
    """An access token for `username`, from POST /tokens."""
    __tracebackhide__ = True
    response = login(client, username)
    assert_status(response, 200, f"logging in as {username}")
    token = (response.get_json() or {}).get("access_token")
    assert isinstance(token, str) and token, f"POST /tokens should answer an access_token, got {response.shown_body}"
    return token


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def call(client, method, path, headers=None):
    body = {"title": "A draft", "text": "Once upon a time."} if method == "POST" else None
    return client.open(method, path, json=body, headers=headers or {})


def write_draft(client, token, title="The lighthouse", text="It was a dark and stormy night."):
    """Create a draft with `token` and return its JSON."""
    __tracebackhide__ = True
    response = client.post("/drafts", json={"title": title, "text": text}, headers=bearer(token))
    assert_status(response, 201, "creating a draft")
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("id"), int), (
        f"a new draft should come back with its integer id, got {response.shown_body}"
    )
    return body


def tampered(token):
    """The token with one character of its signature (the part after the last dot) changed."""
    # The middle of the signature: its very last character may only carry padding bits.
    position = len(token) - 1 - len(token.rpartition(".")[2]) // 2
    replacement = "A" if token[position] != "A" else "B"
    return token[:position] + replacement + token[position + 1 :]


def signed(payload, salt=TOKEN_SALT, secret=SECRET_KEY):
    """A token for `payload`, signed the way the specification says (or with another salt or key)."""
    return URLSafeTimedSerializer(secret, salt=salt).dumps(payload)


# --- getting a token ---------------------------------------------------------------------------


def test_token_login_answers_a_bearer_token(client):
    """POST /tokens with the right password answers 200 with access_token, token_type Bearer and expires_in 900."""
    response = login(client, "alice")
    assert_status(response, 200, "logging in as alice")
    body = response.get_json() or {}
    assert isinstance(body.get("access_token"), str) and body["access_token"], f"no access_token in {body}"
    assert body.get("token_type") == "Bearer", f"token_type should be 'Bearer', got {body.get('token_type')!r}"
    assert body.get("expires_in") == 900, (
        f"expires_in should be the default TOKEN_MAX_AGE, 900, got {body.get('expires_in')!r}"
    )


def test_token_login_reports_the_configured_lifetime(make_client):
    """With TOKEN_MAX_AGE=120, POST /tokens answers expires_in 120."""
    response = login(make_client(TOKEN_MAX_AGE=120), "alice")
    assert_status(response, 200, "logging in as alice")
    expires_in = (response.get_json() or {}).get("expires_in")
    assert expires_in == 120, f"expires_in should follow TOKEN_MAX_AGE=120, got {expires_in!r}"


def test_token_is_the_documented_signed_subject(client):
    """The access token is {"sub": username} signed with URLSafeTimedSerializer, SECRET_KEY and salt access-token."""
    token = token_for(client, "ada")
    try:
        payload = URLSafeTimedSerializer(SECRET_KEY, salt=TOKEN_SALT).loads(token)
    except Exception as exc:  # any itsdangerous error: the token is not signed as specified
        pytest.fail(f"the token should open with URLSafeTimedSerializer(SECRET_KEY, salt='access-token'): {exc}")
    assert payload == {"sub": "ada"}, f"the token's payload should be {{'sub': 'ada'}}, got {payload!r}"


def test_token_login_with_a_wrong_password_is_refused(client):
    """A wrong password answers 401 invalid_credentials and no token."""
    response = login(client, "alice", password="quill-and-ink-2")
    assert_error(response, 401, "invalid_credentials", "logging in with a wrong password")
    assert "access_token" not in (response.get_json() or {}), "a refused login must not hand out a token"


def test_token_login_for_an_unknown_user_is_refused(client):
    """An unknown username answers 401 invalid_credentials, like a wrong password."""
    response = login(client, "mallory", password="quill-and-ink-1")
    assert_error(response, 401, "invalid_credentials", "logging in as an unknown user")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (None, "invalid_json"),
        ('{"username": "alice",', "invalid_json"),
        ('["alice"]', "invalid_json"),
        ('{"username": "alice"}', "validation_failed"),
        ('{"username": 7, "password": ["x"]}', "validation_failed"),
    ],
    ids=["no-body", "broken-json", "json-list", "no-password", "wrong-types"],
)
def test_token_login_with_a_bad_body_answers_400(client, body, code):
    """A missing, broken or incomplete login body answers 400, never a server error."""
    response = client.post("/tokens", data=body, content_type="application/json")
    assert_error(response, 400, code, f"logging in with the body {body!r}")


# --- public routes and health ----------------------------------------------------------------------


HEADERS_OF_ALL_SORTS = [None, "Bearer not-a-token", "Basic YWxpY2U6cXVpbGw=", "Bearer", "Bearer a.b.c"]
HEADER_IDS = ["no-header", "garbage-token", "basic-scheme", "bearer-without-token", "fake-token"]


@pytest.mark.parametrize("authorization", HEADERS_OF_ALL_SORTS, ids=HEADER_IDS)
def test_health_answers_ok_whatever_the_authorization_header(client, authorization):
    """GET /health answers 200 {"status": "ok"} with or without any Authorization header."""
    response = client.get("/health", headers={"Authorization": authorization} if authorization else {})
    assert_status(response, 200, f"GET /health with Authorization {authorization!r}")
    assert response.get_json() == {"status": "ok"}, (
        f"GET /health should answer {{'status': 'ok'}}, got {response.shown_body}"
    )


@pytest.mark.parametrize("authorization", HEADERS_OF_ALL_SORTS, ids=HEADER_IDS)
def test_public_notices_ignore_the_authorization_header(client, authorization):
    """GET /notices answers 200 with the notices with or without any Authorization header."""
    response = client.get("/notices", headers={"Authorization": authorization} if authorization else {})
    assert_status(response, 200, f"GET /notices with Authorization {authorization!r}")
    notices = (response.get_json() or {}).get("notices")
    assert isinstance(notices, list) and notices, f"GET /notices should list the notices, got {response.shown_body}"


def test_expired_token_does_not_stop_a_new_login(client, make_client):
    """POST /tokens still works when the request carries an expired token."""
    expired_app = make_client(TOKEN_MAX_AGE=-1)
    old = token_for(client, "alice")
    response = expired_app.post(
        "/tokens", json={"username": "alice", "password": PASSWORDS["alice"]}, headers=bearer(old)
    )
    assert_status(response, 200, "logging in again with an expired token in the header")


# --- authentication: 401 ---------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), PROTECTED_ROUTES, ids=ROUTE_IDS)
def test_missing_token_answers_401_with_a_bearer_challenge(client, method, path):
    """A protected route without a token answers 401 token_missing with WWW-Authenticate: Bearer."""
    response = call(client, method, path)
    assert_error(response, 401, "token_missing", f"{method} {path} without a token")
    expect_challenge(response, f"{method} {path} without a token")


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic YWxpY2U6cXVpbGw=",
        "Bearer",
        "Bearer ",
        "Token {token}",
        "Basic {token}",
        "{token}",
        "Bearer {token} {token}",
        "Bearer not-a-token",
        "Bearer ...",
        "Bearer " + "x" * 4000,
    ],
    ids=[
        "basic-credentials",
        "bearer-alone",
        "bearer-and-space",
        "token-scheme",
        "basic-scheme",
        "no-scheme",
        "two-tokens",
        "garbage",
        "dots-only",
        "huge",
    ],
)
def test_malformed_authorization_header_answers_401(client, authorization):
    """An Authorization header that is not 'Bearer <valid token>' answers 401 token_invalid, never a 500."""
    header = authorization.format(token=token_for(client, "alice"))
    response = client.get("/me", headers={"Authorization": header})
    shown = header if len(header) < 60 else header[:57] + "..."
    assert_error(response, 401, "token_invalid", f"GET /me with Authorization {shown!r}")
    expect_challenge(response, f"GET /me with Authorization {shown!r}", error="invalid_token")


@pytest.mark.parametrize("scheme", ["bearer", "BEARER"])
def test_bearer_scheme_is_case_insensitive(client, scheme):
    """The scheme name is case-insensitive: 'bearer <token>' works like 'Bearer <token>'."""
    response = client.get("/me", headers={"Authorization": f"{scheme} {token_for(client, 'alice')}"})
    assert_status(response, 200, f"GET /me with Authorization '{scheme} <token>'")


def test_token_with_a_tampered_signature_answers_401(client):
    """A token whose signature was altered answers 401 token_invalid."""
    response = client.get("/me", headers=bearer(tampered(token_for(client, "alice"))))
    assert_error(response, 401, "token_invalid", "GET /me with an altered signature")
    expect_challenge(response, "GET /me with an altered signature", error="invalid_token")


def test_token_with_another_users_payload_answers_401(client):
    """Alice's signature on ada's payload does not make anyone an admin: 401 token_invalid."""
    alice, ada = token_for(client, "alice"), token_for(client, "ada")
    forged = ada.split(".", 1)[0] + "." + alice.split(".", 1)[1]
    response = client.get("/admin/users", headers=bearer(forged))
    assert_error(response, 401, "token_invalid", "GET /admin/users with ada's payload and alice's signature")


def test_token_signed_with_another_key_answers_401(client, make_client):
    """A token issued by an app with another SECRET_KEY answers 401 token_invalid."""
    stranger = token_for(make_client(SECRET_KEY="another-secret"), "ada")
    response = client.get("/admin/users", headers=bearer(stranger))
    assert_error(response, 401, "token_invalid", "GET /admin/users with a token signed with another key")


def test_token_signed_for_another_purpose_answers_401(client):
    """A token signed with the right key but another salt (say, a reset link) answers 401 token_invalid."""
    response = client.get("/me", headers=bearer(signed({"sub": "alice"}, salt="password-reset")))
    assert_error(response, 401, "token_invalid", "GET /me with a token signed with the salt 'password-reset'")


@pytest.mark.parametrize(
    "payload",
    [["alice"], "alice", {"user": "alice"}, {"sub": 7}, {"sub": None}],
    ids=["list", "string", "no-sub", "number-sub", "null-sub"],
)
def test_signed_token_without_a_usable_subject_answers_401(client, payload):
    """A correctly signed token whose payload has no string sub answers 401 token_invalid, never a 500."""
    response = client.get("/me", headers=bearer(signed(payload)))
    assert_error(response, 401, "token_invalid", f"GET /me with a signed payload {payload!r}")


def test_token_of_a_removed_user_answers_401(client, make_client):
    """A valid token whose user no longer exists answers 401 token_invalid."""
    token = token_for(client, "alice")
    without_alice = {
        name: {"password": PASSWORDS[name], "roles": roles}
        for name, roles in (("bob", ["user"]), ("ada", ["user", "admin"]))
    }
    response = make_client(USERS=without_alice).get("/me", headers=bearer(token))
    assert_error(response, 401, "token_invalid", "GET /me with the token of a user who was removed")


def test_expired_token_answers_401_token_expired(client, make_client):
    """A token older than TOKEN_MAX_AGE answers 401 token_expired with error="invalid_token" in WWW-Authenticate."""
    token = token_for(client, "alice")
    # Same SECRET_KEY, so the second app trusts the signature; for it, every token is too old.
    response = make_client(TOKEN_MAX_AGE=-1).get("/me", headers=bearer(token))
    assert_error(response, 401, "token_expired", "GET /me with an expired token")
    expect_challenge(response, "GET /me with an expired token", error="invalid_token")


def test_tampered_expired_token_is_invalid_not_expired(client, make_client):
    """An altered token answers token_invalid even where it would also be too old: the signature comes first."""
    token = tampered(token_for(client, "alice"))
    response = make_client(TOKEN_MAX_AGE=-1).get("/me", headers=bearer(token))
    assert_error(response, 401, "token_invalid", "GET /me with an altered, old token")


def test_token_works_on_another_app_with_the_same_key(client, make_client):
    """Tokens are stateless: another app with the same SECRET_KEY and a long TOKEN_MAX_AGE accepts it."""
    token = token_for(client, "alice")
    response = make_client(TOKEN_MAX_AGE=3600).get("/me", headers=bearer(token))
    assert_status(response, 200, "GET /me on a second app with the same key")


def test_expired_admin_token_answers_401_not_403(client, make_client):
    """An expired token answers 401 on the admin route, for an admin and for a plain user alike."""
    expired_app = make_client(TOKEN_MAX_AGE=-1)
    for username in ("ada", "alice"):
        response = expired_app.get("/admin/users", headers=bearer(token_for(client, username)))
        assert_error(response, 401, "token_expired", f"GET /admin/users with {username}'s expired token")


# --- authorization: 403 ---------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["alice", "ada"])
def test_me_reports_the_tokens_user_and_roles(client, username):
    """GET /me answers the token's username and the user's roles, sorted."""
    response = client.get("/me", headers=bearer(token_for(client, username)))
    assert_status(response, 200, f"GET /me as {username}")
    expected = {"alice": ["user"], "ada": ["admin", "user"]}[username]
    assert response.get_json() == {"username": username, "roles": expected}, (
        f"GET /me as {username} should answer {{'username': {username!r}, 'roles': {expected}}}, "
        f"got {response.shown_body}"
    )


@pytest.mark.parametrize(("method", "path"), USER_ROUTES, ids=[f"{m} {p}" for m, p in USER_ROUTES])
def test_user_routes_refuse_a_token_without_the_user_role(client, method, path):
    """A valid token of a user without the user role (guest) answers 403 forbidden, not 401."""
    response = call(client, method, path, headers=bearer(token_for(client, "guest")))
    assert_error(response, 403, "forbidden", f"{method} {path} as guest, who has no roles")


@pytest.mark.parametrize("username", ["alice", "guest"])
def test_admin_route_refuses_users_with_403(client, username):
    """GET /admin/users with the valid token of a non-admin answers 403 forbidden."""
    response = client.get("/admin/users", headers=bearer(token_for(client, username)))
    assert_error(response, 403, "forbidden", f"GET /admin/users as {username}")


def test_admin_route_lists_users_without_passwords(client):
    """GET /admin/users as ada lists every user with their roles, sorted by name, and no password or hash."""
    response = client.get("/admin/users", headers=bearer(token_for(client, "ada")))
    assert_status(response, 200, "GET /admin/users as ada")
    listed = (response.get_json() or {}).get("users")
    expected = [
        {"username": "ada", "roles": ["admin", "user"]},
        {"username": "alice", "roles": ["user"]},
        {"username": "bob", "roles": ["user"]},
        {"username": "guest", "roles": []},
    ]
    assert listed == expected, f"GET /admin/users should answer users {expected}, got {listed!r}"
    assert "password" not in response.text.lower(), "the user list must not contain passwords or their hashes"


# --- the owner-only resource ----------------------------------------------------------------------


def test_new_draft_answers_201_with_its_owner_and_location(client):
    """POST /drafts answers 201 with id, owner, title and text, and a Location of /drafts/<id>."""
    response = client.post(
        "/drafts",
        json={"title": "The lighthouse", "text": "Dark and stormy."},
        headers=bearer(token_for(client, "alice")),
    )
    assert_status(response, 201, "creating a draft as alice")
    body = response.get_json() or {}
    expected = {"id": body.get("id"), "owner": "alice", "title": "The lighthouse", "text": "Dark and stormy."}
    assert body == expected and isinstance(body["id"], int), f"the new draft should be {expected}, got {body}"
    location = response.headers.get("Location") or ""
    assert location.endswith(f"/drafts/{body['id']}"), f"Location should end in /drafts/{body['id']}, got {location!r}"


@pytest.mark.parametrize(
    "body",
    [{}, {"title": ""}, {"title": 7}, {"title": "x" * 201}, {"title": "ok", "text": 5}],
    ids=["no-title", "empty-title", "number-title", "long-title", "number-text"],
)
def test_invalid_draft_answers_400(client, body):
    """A draft without a usable title (1 to 200 characters) or with a non-string text answers 400 validation_failed."""
    response = client.post("/drafts", json=body, headers=bearer(token_for(client, "alice")))
    assert_error(response, 400, "validation_failed", f"creating the draft {body!r}")


def test_owner_reads_their_draft(client):
    """The author of a draft reads it with GET /drafts/<id>."""
    token = token_for(client, "alice")
    draft = write_draft(client, token)
    response = client.get(f"/drafts/{draft['id']}", headers=bearer(token))
    assert_status(response, 200, "alice reading her own draft")
    assert response.get_json() == draft, f"alice should read back {draft}, got {response.shown_body}"


def test_other_users_cannot_read_a_draft(client):
    """Bob's valid token on alice's draft answers 403 not_owner, without the draft."""
    draft = write_draft(client, token_for(client, "alice"), text="My secret plot twist.")
    response = client.get(f"/drafts/{draft['id']}", headers=bearer(token_for(client, "bob")))
    assert_error(response, 403, "not_owner", "bob reading alice's draft")
    assert "secret plot twist" not in response.text, "the refusal must not contain the draft"


def test_admin_cannot_read_someone_elses_draft(client):
    """Drafts are private to their author: ada, an admin, gets 403 not_owner on alice's draft."""
    draft = write_draft(client, token_for(client, "alice"))
    response = client.get(f"/drafts/{draft['id']}", headers=bearer(token_for(client, "ada")))
    assert_error(response, 403, "not_owner", "ada (admin) reading alice's draft")


def test_other_users_cannot_delete_a_draft(client):
    """Bob's DELETE on alice's draft answers 403 not_owner and the draft stays."""
    alice = token_for(client, "alice")
    draft = write_draft(client, alice)
    response = client.delete(f"/drafts/{draft['id']}", headers=bearer(token_for(client, "bob")))
    assert_error(response, 403, "not_owner", "bob deleting alice's draft")
    assert_status(
        client.get(f"/drafts/{draft['id']}", headers=bearer(alice)),
        200,
        "alice reading her draft after bob tried to delete it",
    )


def test_owner_deletes_their_draft(client):
    """The author's DELETE answers 204; the draft then answers 404 draft_not_found."""
    token = token_for(client, "alice")
    draft = write_draft(client, token)
    assert_status(client.delete(f"/drafts/{draft['id']}", headers=bearer(token)), 204, "alice deleting her draft")
    assert_error(
        client.get(f"/drafts/{draft['id']}", headers=bearer(token)), 404, "draft_not_found", "reading a deleted draft"
    )


def test_unknown_draft_answers_404(client):
    """GET /drafts/<id> for a draft that does not exist answers 404 draft_not_found."""
    response = client.get("/drafts/999", headers=bearer(token_for(client, "alice")))
    assert_error(response, 404, "draft_not_found", "GET /drafts/999")


def test_draft_list_shows_only_your_own_drafts(client):
    """GET /drafts lists the caller's drafts only."""
    alice, bob = token_for(client, "alice"), token_for(client, "bob")
    mine = write_draft(client, alice, title="Alice's poem")
    write_draft(client, bob, title="Bob's novel")
    response = client.get("/drafts", headers=bearer(alice))
    assert_status(response, 200, "GET /drafts as alice")
    listed = (response.get_json() or {}).get("drafts")
    assert listed == [mine], f"alice should see only her own draft {[mine]}, got {listed!r}"


# --- Flask's own errors --------------------------------------------------------------------------


@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "with-token"])
def test_unknown_url_answers_404_json(client, with_token):
    """An unknown URL answers 404 not_found in the JSON envelope, with or without a token."""
    headers = bearer(token_for(client, "alice")) if with_token else {}
    assert_error(client.get("/no-such-page", headers=headers), 404, "not_found", "GET /no-such-page")


def test_wrong_method_answers_405_json(client):
    """PUT /me answers 405 method_not_allowed in the JSON envelope, with an Allow header."""
    response = client.put("/me", headers=bearer(token_for(client, "alice")))
    assert_error(response, 405, "method_not_allowed", "PUT /me")
    assert "GET" in (response.headers.get("Allow") or ""), (
        f"a 405 should say which methods work, got {response.headers}"
    )
