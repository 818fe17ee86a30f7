"""Lesson 9 challenge, solved: 401 for "who are you?", 403 for "not you", in the API's envelope."""

import pytest

CALLERS = {
    "anonymous": None,
    "user": "auth_headers",
    "admin": "admin_headers",
}


@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [
        ("anonymous", 401, "token_missing"),
        ("user", 403, "forbidden"),
        ("admin", 200, None),
    ],
)
def test_admin_user_list_answers_each_caller(request, client, caller, status, code):
    """GET /api/admin/users gives each kind of caller the status in the table, refusals in the envelope."""
    fixture = CALLERS[caller]
    headers = request.getfixturevalue(fixture) if fixture else {}

    response = client.get("/api/admin/users", headers=headers)

    assert response.status_code == status, response.get_json()
    if code is not None:
        assert response.get_json()["code"] == code


def test_admin_user_list_shows_the_emails_to_an_admin(client, admin_headers, user):
    """The admin's list is the whole record: every account, with its email."""
    response = client.get("/api/admin/users", headers=admin_headers)

    emails = sorted(account["email"] for account in response.get_json())
    assert emails == ["admin@example.com", "test@example.com"]
