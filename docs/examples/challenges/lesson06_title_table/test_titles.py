"""Lesson 6 challenge, solved: one table of bad titles, each refused with its own reason."""

import reprlib

import pytest

NEW_POST = {"title": "Testing Flask", "content": "Fixtures make it pleasant."}
REQUIRED = "This field is required."
BLANK = "Must not be blank."
NOT_A_STRING = "Must be a string."
TOO_LONG = "Must be at most 200 characters long."


def body_with(title_field: dict) -> dict:
    """A valid post body whose title is replaced by ``title_field`` ({} leaves the title out)."""
    return {"content": NEW_POST["content"]} | title_field


@pytest.mark.parametrize(
    ("title_field", "message"),
    [
        pytest.param({}, REQUIRED, id="missing"),
        pytest.param({"title": ""}, BLANK, id="empty"),
        pytest.param({"title": " \t\n "}, BLANK, id="whitespace-only"),
        pytest.param({"title": "x" * 201}, TOO_LONG, id="201-characters"),
        pytest.param({"title": 42}, NOT_A_STRING, id="number"),
        pytest.param({"title": None}, NOT_A_STRING, id="null"),
        pytest.param({"title": ["Testing", "Flask"]}, NOT_A_STRING, id="list"),
    ],
)
def test_post_with_a_bad_title_is_refused(client, auth_headers, title_field, message):
    """Each bad title answers 400 with one error, for the title, and stores nothing."""
    shown = reprlib.repr(title_field)

    response = client.post("/api/posts", json=body_with(title_field), headers=auth_headers)

    assert response.status_code == 400, f"{shown} answered {response.status_code}, not 400"
    assert response.get_json()["errors"] == {"title": [message]}, shown
    assert client.get("/api/posts").get_json()["total"] == 0, f"{shown} was stored"


@pytest.mark.parametrize(
    ("title", "stored"),
    [
        pytest.param("x" * 200, "x" * 200, id="200-characters"),
        pytest.param("  " + "x" * 200 + "  ", "x" * 200, id="200-characters-with-spaces-around"),
    ],
)
def test_post_with_the_longest_title_is_accepted(client, auth_headers, title, stored):
    """200 characters is the limit, not one past it: such a post is created, its title stripped."""
    response = client.post("/api/posts", json=body_with({"title": title}), headers=auth_headers)

    assert response.status_code == 201, f"{reprlib.repr(title)} answered {response.status_code}"
    assert response.get_json()["title"] == stored
