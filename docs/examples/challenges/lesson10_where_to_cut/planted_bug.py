"""A planted bug for the lesson 10 challenge: the profile request forgets the access token.

Load it with ``-p docs.examples.challenges.lesson10_where_to_cut.planted_bug``: for every
test, ``oauth_provider.fetch_profile`` asks for the profile without the
``Authorization: Bearer`` header. A real provider would answer 401 to that.
"""

import pytest
from flask import current_app

from sample_app.services import oauth_provider


def fetch_profile_without_the_token(access_token: str) -> oauth_provider.Profile:
    payload = oauth_provider._json_from("GET", current_app.config["OAUTH_PROFILE_URL"])
    return oauth_provider.Profile(str(payload["id"]), payload["login"], payload["email"])


@pytest.fixture(autouse=True)
def _profile_request_forgets_the_token(monkeypatch):
    """Swap in the buggy profile request for this test."""
    monkeypatch.setattr(oauth_provider, "fetch_profile", fetch_profile_without_the_token)
