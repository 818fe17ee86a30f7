"""Predict the outcome: what does pytest report when it runs this module on a machine where
REPORTS_DATABASE_URL is not set? (The CI workflow sets it; your laptop does not.)"""

import os

import pytest


@pytest.fixture
def reports_database_url() -> str:
    return os.environ["REPORTS_DATABASE_URL"]


def test_reports_use_a_postgresql_database(reports_database_url):
    """The reports run on PostgreSQL, as in production."""
    assert reports_database_url.startswith("postgresql://")
