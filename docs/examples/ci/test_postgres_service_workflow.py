"""Lesson 16: the service-container workflow shown in the lesson hangs together.

GitHub only runs a workflow after a push, so these checks catch the mistakes that would
otherwise show up there: a database URL that does not match the service, a port that is
not published, a Python list that drifted from the real workflow's.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from sample_app.config import database_url_from_env

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = Path(__file__).with_name("postgres-service.yml")


def load_job(path: Path) -> dict:
    (job,) = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
    return job


@pytest.fixture
def job() -> dict:
    return load_job(EXAMPLE)


def test_database_url_points_at_the_service(job):
    """User, password, database and published port in DATABASE_URL are the service's own."""
    service = job["services"]["postgres"]
    url = urlsplit(job["env"]["DATABASE_URL"])

    assert (url.username, url.password, url.path) == (
        service["env"]["POSTGRES_USER"],
        service["env"]["POSTGRES_PASSWORD"],
        "/" + service["env"]["POSTGRES_DB"],
    )
    assert (url.hostname, f"{url.port}:5432") == ("localhost", service["ports"][0])


def test_steps_wait_for_a_healthy_database(job):
    """Without a health check the tests could start before PostgreSQL accepts connections."""
    assert "--health-cmd" in job["services"]["postgres"]["options"]


def test_the_app_reads_the_url_with_its_postgresql_driver(job, monkeypatch):
    """The sample app turns the workflow's URL into one for SQLAlchemy's psycopg 3 driver."""
    monkeypatch.setenv("DATABASE_URL", job["env"]["DATABASE_URL"])

    assert database_url_from_env().startswith("postgresql+psycopg://blog:")


def test_pythons_and_pip_cache_match_the_real_workflow(job):
    """The example tests the same Pythons as .github/workflows/tests.yml and caches on a real file."""
    real = load_job(REPO / ".github/workflows/tests.yml")
    setup_python = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python"))

    assert job["strategy"]["matrix"]["python-version"] == real["strategy"]["matrix"]["python-version"]
    assert (REPO / setup_python["with"]["cache-dependency-path"]).is_file()
