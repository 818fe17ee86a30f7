"""The wire format: requests encoded once, replies checked field by field."""

import io
import json

import pytest

from autograder.runtime.wire import (
    MAX_BODY_BYTES,
    AppCrashed,
    Response,
    WireError,
    decode_request,
    encode_request,
    mail_from_wire,
    response_from_wire,
    response_to_wire,
)


def _roundtrip(method="POST", path="/x", **kwargs):
    # Through JSON text, as the spec travels into the kernel.
    return decode_request(json.loads(json.dumps(encode_request(method, path, **kwargs))))


def test_json_bodies_are_sent_as_json_text():
    """json= becomes a JSON body with the JSON content type."""
    kwargs = _roundtrip(json={"quantity": 2})
    assert kwargs["data"] == '{"quantity": 2}'
    assert kwargs["content_type"] == "application/json"


def test_raw_text_and_an_explicit_content_type_pass_through():
    """Malformed JSON can be sent on purpose with data= and content_type=."""
    kwargs = _roundtrip(data="{not json", content_type="application/json")
    assert kwargs["data"] == "{not json"
    assert kwargs["content_type"] == "application/json"


def test_form_fields_and_files_survive_the_trip():
    """Form fields and (content, filename, type) files arrive as Werkzeug expects them."""
    kwargs = _roundtrip(data={"title": "t", "file": (io.BytesIO(b"\x89PNG"), "a.png", "image/png")})
    stream, filename, content_type = kwargs["data"]["file"][0]
    assert kwargs["data"]["title"] == ["t"]
    assert (stream.read(), filename, content_type) == (b"\x89PNG", "a.png", "image/png")


def test_headers_and_query_strings_keep_repeated_names():
    """Headers and query parameters may repeat."""
    kwargs = _roundtrip("GET", "/s", headers=[("X-A", "1"), ("X-A", "2")], query_string={"tag": ["a", "b"]})
    assert kwargs["headers"] == [("X-A", "1"), ("X-A", "2")]
    assert kwargs["query_string"] == [("tag", "a"), ("tag", "b")]


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"json": {"a": 1}, "data": "x"}, "either json= or data="),
        ({"json": {1, 2}}, "JSON-serialisable"),
        ({"data": 42}, "data must be"),
        ({"data": {"f": (b"x",)}}, "a file is"),
    ],
)
def test_requests_that_cannot_be_sent_raise_type_error(kwargs, problem):
    """Arguments the wire cannot carry are refused before anything is sent."""
    with pytest.raises(TypeError, match=problem):
        encode_request("POST", "/x", **kwargs)


def test_a_path_must_start_with_a_slash():
    """A relative path is a test bug, refused early."""
    with pytest.raises(TypeError, match="start"):
        encode_request("GET", "cart")


def test_a_response_reads_like_flasks():
    """status_code, case-insensitive headers, text, mimetype and get_json work as in Flask."""
    response = response_from_wire(
        json.loads(
            json.dumps(response_to_wire(201, [("Content-Type", "application/json; charset=utf-8")], b'{"id": 1}'))
        )
    )
    assert response.status_code == 201
    assert response.headers["content-type"].startswith("application/json")
    assert response.mimetype == "application/json"
    assert response.get_json() == {"id": 1} == response.json
    assert response.text == '{"id": 1}'


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/html", b'{"id": 1}'), ("application/json", b"{broken"), ("", b"")],
)
def test_get_json_is_none_when_the_body_is_not_json(content_type, body):
    """get_json() answers None for a non-JSON content type or an invalid JSON body."""
    headers = [("Content-Type", content_type)] if content_type else []
    assert Response(200, headers, body).get_json() is None


def test_repeated_headers_are_all_kept():
    """getlist returns every value of a repeated header."""
    response = Response(200, [("Set-Cookie", "a=1"), ("set-cookie", "b=2")], b"")
    assert response.headers.getlist("SET-COOKIE") == ["a=1", "b=2"]
    assert "Set-Cookie" in response.headers
    assert len(response.headers) == 1


def test_an_oversized_body_is_reported_not_cut():
    """A response body over the limit is an error, not a silently truncated body."""
    with pytest.raises(AppCrashed, match="larger than"):
        response_to_wire(200, [], b"x" * (MAX_BODY_BYTES + 1))


@pytest.mark.parametrize(
    "reply",
    [
        None,
        [],
        {"status_code": "200", "headers": [], "body": ""},
        {"status_code": True, "headers": [], "body": ""},
        {"status_code": 42, "headers": [], "body": ""},
        {"status_code": 200, "headers": {"a": "b"}, "body": ""},
        {"status_code": 200, "headers": [["a"]], "body": ""},
        {"status_code": 200, "headers": [["a", 1]], "body": ""},
        {"status_code": 200, "headers": [["a", "b"]] * 500, "body": ""},
        {"status_code": 200, "headers": [], "body": "not base64!"},
        {"status_code": 200, "headers": [], "body": 7},
    ],
)
def test_garbled_replies_raise_wire_error(reply):
    """Anything but a well-formed reply is a WireError, never a crash elsewhere."""
    with pytest.raises(WireError):
        response_from_wire(reply)


def test_mail_replies_are_checked():
    """An outbox reply must be a list of mail dicts with string fields."""
    mail = {"subject": "Hi", "recipients": ["a@example.com"], "sender": "s@example.com", "body": "b", "html": None}
    assert mail_from_wire([mail]) == [mail]
    for bad in ({**mail, "recipients": "a@example.com"}, {**mail, "body": 3}, {"subject": "x"}, "mail"):
        with pytest.raises(WireError):
            mail_from_wire([bad])


FLASK_404_PAGE = (
    b"<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    b"<p>The requested URL was not found on the server.</p>\n"
)


@pytest.mark.parametrize(
    ("headers", "body", "shown"),
    [
        (
            [("Content-Type", "application/json")],
            b'{"error": {"code": "not_found"}}',
            '\'{"error": {"code": "not_found"}}\'',
        ),
        (
            [("Content-Type", "text/html; charset=utf-8")],
            FLASK_404_PAGE,
            "an HTML page titled '404 Not Found', not JSON",
        ),
        ([], b"<!DOCTYPE html><html><body>hi</body></html>", "an HTML page, not JSON"),
        ([("Content-Type", "text/plain")], b"ok", "'ok' (text/plain, not JSON)"),
        ([], b"ok", "'ok' (no Content-Type, not JSON)"),
        ([("Content-Type", "application/json")], b"", "an empty body"),
    ],
    ids=["json", "flask-error-page", "html-without-content-type", "plain-text", "no-content-type", "empty"],
)
def test_a_body_is_shown_to_learners_for_what_it_is(headers, body, shown):
    """Messages quote JSON, and name an HTML page as a page instead of quoting its markup."""
    assert Response(404, headers, body).shown_body == shown
