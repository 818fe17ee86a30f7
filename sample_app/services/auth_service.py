"""JWT issuing, so views and tests build tokens the same way."""

from datetime import timedelta

from flask_jwt_extended import create_access_token, create_refresh_token


def generate_token(user_id: int, expires_in: int | None = None, *, fresh: bool = False) -> str:
    """Return an access token for ``user_id``; ``expires_in`` seconds overrides the lifetime.

    A negative ``expires_in`` gives a token that is already expired. ``fresh`` marks
    a token obtained with the password (not by refreshing), for sensitive endpoints.
    """
    expires = timedelta(seconds=expires_in) if expires_in is not None else None
    # flask-jwt-extended 4.7 insists that the subject is a string.
    return create_access_token(identity=str(user_id), expires_delta=expires, fresh=fresh)


def generate_refresh_token(user_id: int) -> str:
    return create_refresh_token(identity=str(user_id))
