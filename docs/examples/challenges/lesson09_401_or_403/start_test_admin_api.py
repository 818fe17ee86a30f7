"""Lesson 9 challenge: who may list every account through the API? Two rows of the table are wrong."""

import pytest

CALLERS = {
    "anonymous": None,
    "user": "auth_headers",
    "admin": "admin_headers",
}


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("anonymous", 403),
        ("user", 401),
        ("admin", 200),
    ],
)
def test_admin_user_list_answers_each_caller(request, client, caller, status):
    """GET /api/admin/users gives each kind of caller the status in the table."""
    fixture = CALLERS[caller]
    headers = request.getfixturevalue(fixture) if fixture else {}

    response = client.get("/api/admin/users", headers=headers)

    assert response.status_code == status
