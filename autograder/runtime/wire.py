"""The wire format between a test and an app: request specs, responses and mail, as plain JSON data.

Both ways of reaching an app go through these functions, so they behave identically: the
in-process fixtures (self-check, local harness) and the grader's proxy, whose requests cross into
the sandboxed kernel as JSON and whose replies come back as JSON. Nothing here imports Flask.
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .text import one_line

__all__ = [
    "MAX_BODY_BYTES",
    "AppCrashed",
    "Headers",
    "MethodShortcuts",
    "Response",
    "WireError",
    "cookie_pair",
    "encode_request",
    "mail_from_wire",
    "response_from_wire",
]

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_HEADERS = 200
MAX_HEADER_CHARS = 16 * 1024
MAX_COOKIE = 4096  # what browsers keep of one cookie
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class MethodShortcuts:
    """``get/post/put/patch/delete`` for a client that implements ``open(method, path, **kwargs)``.

    Shared by the in-process client and the grader's proxy, so the two cannot drift apart.
    """

    def open(self, method: str, path: str, **kwargs: Any) -> Response:
        raise NotImplementedError

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Response:
        return self.open("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Response:
        return self.open("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Response:
        return self.open("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Response:
        return self.open("DELETE", path, **kwargs)

    def set_cookie(self, key: str, value: str = "") -> None:
        """Put a cookie in this client's jar, sent with its later requests (as Flask's client does).

        The only way to send a hand-made cookie: the test client fills the ``Cookie`` header from
        its jar, so a ``Cookie`` passed in ``headers=`` is dropped.
        """
        self._set_cookie(*cookie_pair(key, value))

    def _set_cookie(self, key: str, value: str) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return "<test client>"  # pytest quotes it in failure messages: keep them short and stable


class AppCrashed(Exception):
    """The app raised an exception instead of answering (Flask re-raises them when TESTING)."""


class WireError(Exception):
    """A reply from the app's side does not have the expected shape."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise WireError("expected base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise WireError("invalid base64") from exc


def _file_bytes(content: object) -> bytes:
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    if isinstance(content, io.IOBase) or hasattr(content, "read"):
        data = content.read()
        return data.encode() if isinstance(data, str) else bytes(data)
    if isinstance(content, str):
        return content.encode()
    raise TypeError(f"a file must be bytes or a binary file object, not {type(content).__name__}")


def _encode_field(value: object) -> dict[str, Any]:
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise TypeError("a file is (content, filename) or (content, filename, content_type)")
        content, filename, *rest = value
        return {
            "file": _b64(_file_bytes(content)),
            "filename": None if filename is None else str(filename),
            "content_type": str(rest[0]) if rest and rest[0] is not None else None,
        }
    if isinstance(value, bytes | bytearray | io.IOBase) or hasattr(value, "read"):
        return {"file": _b64(_file_bytes(value)), "filename": None, "content_type": None}
    return {"text": str(value)}


def _encode_data(data: object) -> dict[str, Any] | None:
    if data is None:
        return None
    if isinstance(data, str):
        return {"text": data}
    if isinstance(data, bytes | bytearray | memoryview):
        return {"bytes": _b64(bytes(data))}
    if isinstance(data, Mapping):
        fields: list[list[Any]] = []
        for name, value in data.items():
            for item in value if isinstance(value, list) else [value]:
                fields.append([str(name), _encode_field(item)])
        return {"form": fields}
    raise TypeError(f"data must be a dict, str or bytes, not {type(data).__name__}")


def _items(value: object) -> Iterable[Any]:
    """A mapping's (key, value) items, or ``value`` itself, which should then hold pairs."""
    if isinstance(value, Mapping):
        return value.items()
    if isinstance(value, Iterable):
        return value
    raise TypeError(f"{type(value).__name__!r} object is not iterable")


def _pairs(value: object, what: str) -> list[list[str]] | None:
    if value is None:
        return None
    try:
        return [[str(key), str(item)] for key, item in _items(value)]
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} must be a dict or a list of (name, value) pairs") from exc


def encode_request(
    method: str,
    path: str,
    *,
    json: object = None,
    data: object = None,
    headers: object = None,
    query_string: object = None,
    content_type: str | None = None,
) -> dict[str, Any]:
    """Describe one request as JSON-ready data (raises ``TypeError`` for arguments it cannot send)."""
    if not isinstance(path, str) or not path.startswith("/"):
        raise TypeError(f"path must be a string starting with '/', got {path!r}")
    if json is not None and data is not None:
        raise TypeError("pass either json= or data=, not both")
    spec: dict[str, Any] = {"method": method.upper(), "path": path}
    if json is not None:
        spec["json"] = _json_module_dumps(json)
    if data is not None:
        spec["data"] = _encode_data(data)
    if headers is not None:
        spec["headers"] = _pairs(headers, "headers")
    if query_string is not None:
        if isinstance(query_string, str):
            spec["query_string"] = query_string
        else:
            spec["query_string"] = _pairs(_flatten_query(query_string), "query_string")
    if content_type is not None:
        spec["content_type"] = str(content_type)
    return spec


def cookie_pair(key: object, value: object) -> tuple[str, str]:
    """Check a cookie's name and value (raises ``TypeError``, or ``WireError`` across the wire)."""
    if not isinstance(key, str) or not key or not isinstance(value, str):
        raise TypeError(f"a cookie is a non-empty name and a string value, got {key!r} and {value!r}")
    if len(key) + len(value) > MAX_COOKIE:
        raise TypeError(f"a cookie may hold at most {MAX_COOKIE} characters")
    return key, value


def _json_module_dumps(value: object) -> str:
    # The body is serialised here, once, so both sides send byte-identical JSON.
    try:
        return json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"json= must be JSON-serialisable: {exc}") from exc


def _flatten_query(query: object) -> list[tuple[str, object]]:
    flat: list[tuple[str, object]] = []
    for key, value in _items(query):
        for item in value if isinstance(value, list) else [value]:
            flat.append((key, item))
    return flat


def decode_request(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Turn a request spec back into keyword arguments for Werkzeug's test client ``open()``."""
    method = spec.get("method")
    path = spec.get("path")
    if method not in METHODS or not isinstance(path, str):
        raise WireError("bad request spec")
    kwargs: dict[str, Any] = {"method": method}
    headers = [tuple(pair) for pair in spec.get("headers") or []]
    if "json" in spec:
        kwargs["data"] = spec["json"]
        kwargs["content_type"] = "application/json"
    data = spec.get("data")
    if data is not None:
        if "text" in data:
            kwargs["data"] = data["text"]
        elif "bytes" in data:
            kwargs["data"] = _unb64(data["bytes"])
        else:
            form: dict[str, list[Any]] = {}
            for name, field in data["form"]:
                if "text" in field:
                    value: Any = field["text"]
                else:
                    stream = io.BytesIO(_unb64(field["file"]))
                    value = (stream, field.get("filename"), field.get("content_type"))
                    if value[2] is None:
                        value = value[:2]
                    if value[1] is None:
                        value = stream
                form.setdefault(name, []).append(value)
            kwargs["data"] = form
    if spec.get("content_type") is not None:
        kwargs["content_type"] = spec["content_type"]
    if spec.get("query_string") is not None:
        query = spec["query_string"]
        kwargs["query_string"] = query if isinstance(query, str) else [tuple(pair) for pair in query]
    if headers:
        kwargs["headers"] = headers
    return kwargs


def response_to_wire(status_code: int, headers: list[tuple[str, str]], body: bytes) -> dict[str, Any]:
    """Describe a response as JSON-ready data; an oversized body is an error, not a silent cut."""
    if len(body) > MAX_BODY_BYTES:
        raise AppCrashed(f"the response body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB")
    return {
        "status_code": int(status_code),
        "headers": [[str(k), str(v)] for k, v in headers],
        "body": _b64(body),
    }


class Headers(Mapping[str, str]):
    """Response headers: case-insensitive lookup, ``get``, ``getlist``, ``in``."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._pairs = list(pairs)

    def __getitem__(self, key: str) -> str:
        wanted = key.lower()
        for name, value in self._pairs:
            if name.lower() == wanted:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for name, _ in self._pairs:
            if name.lower() not in seen:
                seen.add(name.lower())
                yield name

    def __len__(self) -> int:
        return len({name.lower() for name, _ in self._pairs})

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and any(name.lower() == key.lower() for name, _ in self._pairs)

    def getlist(self, key: str) -> list[str]:
        """Every value of a repeated header such as ``Set-Cookie``."""
        return [value for name, value in self._pairs if name.lower() == key.lower()]

    def __repr__(self) -> str:
        return f"Headers({self._pairs!r})"


class Response:
    """What a test sees of a response: plain data, the same in-process and across the sandbox."""

    def __init__(self, status_code: int, headers: list[tuple[str, str]], data: bytes) -> None:
        self.status_code = status_code
        self.headers = Headers(headers)
        self.data = data

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.data.decode("utf-8", errors="replace")

    @property
    def mimetype(self) -> str:
        """The Content-Type without parameters, lower-cased (``""`` when absent)."""
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()

    @property
    def is_json(self) -> bool:
        mimetype = self.mimetype
        return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))

    def get_json(self) -> Any:
        """The body parsed as JSON, or ``None`` when it is not JSON (wrong Content-Type or invalid)."""
        if not self.is_json:
            return None
        try:
            return json.loads(self.data)
        except (ValueError, RecursionError):
            return None

    @property
    def json(self) -> Any:
        """Same as ``get_json()``."""
        return self.get_json()

    @property
    def shown_body(self) -> str:
        """The body as a message to a learner shows it: JSON quoted, anything else named for what it is.

        An HTML page quoted raw (``'<!doctype html>\\n<html lang=en>...'``) hides the point, which is
        that the app answered a page (often Flask's own error page) where JSON was expected.
        """
        if not self.data:
            return "an empty body"
        if self.get_json() is not None or self.is_json:
            return repr(self.text[:200])
        if self.mimetype == "text/html" or self.text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            title = re.search(r"<title>(.*?)</title>", self.text[:2000], re.IGNORECASE | re.DOTALL)
            named = f" titled {one_line(title.group(1), 100)!r}" if title else ""
            return f"an HTML page{named}, not JSON"
        kind = f" ({self.mimetype}, not JSON)" if self.mimetype else " (no Content-Type, not JSON)"
        return f"{self.text[:200]!r}{kind}"

    def __repr__(self) -> str:
        return f"<Response {self.status_code} {self.mimetype or 'no content type'} {len(self.data)} bytes>"


def response_from_wire(reply: object) -> Response:
    """Build a ``Response`` from reply data, checking every field (the data may come from learner code)."""
    if not isinstance(reply, Mapping):
        raise WireError("the reply is not an object")
    status = reply.get("status_code")
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 999:
        raise WireError("the reply has no valid status code")
    raw_headers = reply.get("headers")
    if not isinstance(raw_headers, list) or len(raw_headers) > MAX_HEADERS:
        raise WireError("the reply has invalid headers")
    headers: list[tuple[str, str]] = []
    for pair in raw_headers:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(part, str) and len(part) <= MAX_HEADER_CHARS for part in pair)
        ):
            raise WireError("the reply has an invalid header")
        headers.append((pair[0], pair[1]))
    body = reply.get("body")
    if not isinstance(body, str) or len(body) > MAX_BODY_BYTES * 4 // 3 + 4:
        raise WireError("the reply body is missing or too large")
    return Response(status, headers, _unb64(body))


def _address(value: object) -> str:
    # Flask-Mail accepts "addr" or ("Name", "addr").
    if isinstance(value, tuple | list) and len(value) == 2:
        return f"{value[0]} <{value[1]}>"
    return str(value)


def mail_to_wire(message: Any) -> dict[str, Any]:
    """One Flask-Mail message as the outbox's plain dict."""
    return {
        "subject": None if message.subject is None else str(message.subject),
        "recipients": [_address(r) for r in message.recipients or []],
        "sender": None if message.sender is None else _address(message.sender),
        "body": None if message.body is None else str(message.body),
        "html": None if message.html is None else str(message.html),
    }


MAIL_KEYS = ("subject", "recipients", "sender", "body", "html")


def mail_from_wire(items: object) -> list[dict[str, Any]]:
    """Check an outbox reply: a list of mail dicts with string fields."""
    if not isinstance(items, list) or len(items) > 1000:
        raise WireError("the outbox reply is not a list")
    mails: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, Mapping) or set(item) != set(MAIL_KEYS):
            raise WireError("the outbox reply has an invalid mail")
        recipients = item["recipients"]
        if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
            raise WireError("the outbox reply has invalid recipients")
        for key in ("subject", "sender", "body", "html"):
            if item[key] is not None and not isinstance(item[key], str):
                raise WireError(f"the outbox reply has an invalid {key}")
        mails.append({key: item[key] for key in MAIL_KEYS})
    return mails
