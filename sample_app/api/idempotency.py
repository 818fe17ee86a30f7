"""Idempotency keys: a client may send a POST again without creating its resource twice.

A client that sends ``Idempotency-Key: <a unique string>`` and gets no answer (a timeout,
a dropped connection) sends the same request with the same key again. The first request
that carried the key is the one that acts; every retry gets its stored answer back: the
same status, body and ``Location``, plus ``Idempotent-Replayed: true``. The same key with
a different request is a client bug, answered 422 as the IETF draft on the header advises.

Keys belong to a user, so two users never see each other's answers. A request without
the header is not protected: each one acts. Only successful answers are stored; a refused
request changed nothing and may be corrected and sent again with the same key.
"""

import hashlib
import json
import re

from flask import Response, abort, request
from sqlalchemy.exc import IntegrityError

from ..errors import error_response
from ..extensions import db
from ..models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Visible ASCII and spaces, as the draft's examples use; 255 characters fit a UUID or a hash.
VALID_KEY = re.compile(r"[\x20-\x7e]{1,255}")


def request_key() -> str | None:
    """The request's idempotency key, None without the header; a 400 for a malformed key."""
    key = request.headers.get(HEADER)
    if key is not None and not VALID_KEY.fullmatch(key):
        abort(
            error_response(400, f"{HEADER} must be 1 to 255 visible ASCII characters.", code="invalid_idempotency_key")
        )
    return key


# --8<-- [start:fingerprint]
def request_fingerprint() -> str:
    """A hash of what makes two requests the same: method, path and the JSON body's content.

    The body is hashed as parsed JSON with sorted keys, so spacing and key order do not
    make a retry look like a different request.
    """
    body = json.dumps(request.get_json(silent=True), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


# --8<-- [end:fingerprint]


# --8<-- [start:claim]
def claim(user_id: int, key: str) -> IdempotencyKey:
    """Reserve ``key`` for this request, or end the request with the answer the key already has.

    Inserting first, instead of looking first, lets the unique constraint settle a race:
    of two retries that arrive together, the second INSERT waits for the first
    transaction and then fails, and that request answers with what the first one stored.
    """
    record = IdempotencyKey(user_id=user_id, key=key, fingerprint=request_fingerprint())
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        abort(answer_for_used_key(user_id, key, record.fingerprint))
    return record


def answer_for_used_key(user_id: int, key: str, fingerprint: str) -> Response:
    """The stored answer again for the same request; 422 for a different request under the same key."""
    first = db.session.scalar(db.select(IdempotencyKey).filter_by(user_id=user_id, key=key))
    if first.fingerprint != fingerprint:
        return error_response(
            422, f"This {HEADER} was already used with a different request.", code="idempotency_key_reused"
        )
    replay = Response(first.body, status=first.status_code, mimetype="application/json")
    if first.location:
        replay.headers["Location"] = first.location
    replay.headers[REPLAYED_HEADER] = "true"
    return replay


def remember(record: IdempotencyKey, response: Response) -> None:
    """Store the answer in the claimed record; the caller's commit saves it with the new rows."""
    record.status_code = response.status_code
    record.body = response.get_data(as_text=True)
    record.location = response.headers.get("Location")


# --8<-- [end:claim]
