"""Checking what API clients send: JSON bodies and query-string numbers.

A view declares the fields it accepts as ``{name: Field(check)}`` and calls
``parse_json(fields)``. Anything wrong ends the request with the 400 envelope from
``errors.py`` -- ``errors`` maps each field to its messages -- so bad input can never
reach the database or turn into a 500. A check is any function that returns the
cleaned value or raises ``FieldError``: the ones below, or the account rules in
``accounts.py``.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, NoReturn

from flask import abort, request

from ..accounts import FieldError
from ..errors import error_response, validation_error

REQUIRED = "This field is required."


@dataclass(frozen=True)
class Field:
    """One accepted JSON field: ``check`` returns the cleaned value or raises FieldError."""

    check: Callable[[Any], Any]
    required: bool = True


def abort_bad_request(message: str) -> NoReturn:
    abort(error_response(400, message))


def abort_invalid(errors: dict[str, list[str]], message: str | None = None) -> NoReturn:
    abort(validation_error(errors, message or f"Invalid or missing fields: {', '.join(errors)}."))


# --8<-- [start:params-json-object]
def json_object() -> dict:
    """Return the request body as a dict, or abort: it must be a JSON object."""
    if not request.is_json:
        abort_bad_request("Send a JSON object with the header Content-Type: application/json.")
    data = request.get_json(silent=True)
    if data is None:
        abort_bad_request("The request body is not valid JSON.")
    if not isinstance(data, dict):
        abort_bad_request("The JSON body must be an object ({...}), not a list, string or number.")
    return data


# --8<-- [end:params-json-object]


def json_object_if_sent(view):
    """Decorator: when the request has a JSON body, it must be an object.

    Put it above ``@jwt_required(refresh=True)``: flask-jwt-extended looks for the
    refresh token with ``request.json.get(...)``, which would crash with a 500 on a
    JSON list or string.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.is_json:
            json_object()
        return view(*args, **kwargs)

    return wrapper


# --8<-- [start:params-parse-json]
def parse_json(fields: Mapping[str, Field], *, partial: bool = False) -> dict:
    """Return the cleaned values of the known fields present in the JSON body.

    Unknown keys are ignored, so a client cannot set ``id`` or ``author_id``.
    With ``partial`` (PATCH-style updates) no field is required, but at least one
    must be sent.
    """
    data = json_object()
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, field in fields.items():
        if name not in data:
            if field.required and not partial:
                errors[name] = [REQUIRED]
            continue
        try:
            cleaned[name] = field.check(data[name])
        except FieldError as error:
            errors[name] = [str(error)]
    if errors:
        abort_invalid(errors)
    if partial and not cleaned:
        abort_bad_request(f"Send at least one of these fields: {', '.join(fields)}.")
    return cleaned


# --8<-- [end:params-parse-json]


def text(max_length: int) -> Callable[[Any], str]:
    """A non-blank string of at most ``max_length`` characters, stripped."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise FieldError("Must be a string.")
        value = value.strip()
        if not value:
            raise FieldError("Must not be blank.")
        if len(value) > max_length:
            raise FieldError(f"Must be at most {max_length} characters long.")
        return value

    return check


def secret(value: Any) -> str:
    """A string taken exactly as sent: spaces in a password are part of it."""
    if not isinstance(value, str) or not value:
        raise FieldError("Must be a non-empty string.")
    return value


def boolean(value: Any) -> bool:
    # bool is checked exactly: 0, 1 and "true" are mistakes worth reporting.
    if not isinstance(value, bool):
        raise FieldError("Must be true or false.")
    return value


def string_list(*, max_items: int, max_length: int) -> Callable[[Any], list[str]]:
    """A list of non-blank strings, stripped, without duplicates, order kept."""
    check_item = text(max_length)

    def check(value: Any) -> list[str]:
        if not isinstance(value, list):
            raise FieldError("Must be a list of strings.")
        if len(value) > max_items:
            raise FieldError(f"Must have at most {max_items} items.")
        try:
            items = [check_item(item) for item in value]
        except FieldError as error:
            raise FieldError(f"Each item: {error}") from None
        return list(dict.fromkeys(items))

    return check


# Nine digits at most: bigger page numbers would overflow a database OFFSET (and
# Python refuses to parse numbers of thousands of digits).
QUERY_NUMBER = re.compile(r"[0-9]{1,9}")


def positive_int_args(defaults: Mapping[str, int]) -> dict[str, int]:
    """Return the named query-string numbers (whole, >= 1), or abort with a 400.

    ``defaults`` maps each argument to its value when absent.
    """
    values: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for name, default in defaults.items():
        raw = request.args.get(name)
        if raw is None:
            values[name] = default
        elif QUERY_NUMBER.fullmatch(raw) and int(raw) >= 1:
            values[name] = int(raw)
        else:
            errors[name] = ["Must be a whole number from 1 to 999999999."]
    if errors:
        abort_invalid(errors)
    return values
