"""Review a GitHub Actions workflow against what lesson 16 teaches, before GitHub ever runs it.

Run it with ``-p docs.examples.challenges.lesson16_review_workflow.workflow_option --workflow PATH``.
"""

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[4]
COURSE_WORKFLOW = REPO / ".github" / "workflows" / "tests.yml"
USES = re.compile(r"(?P<action>[\w.-]+/[\w.-]+)@v(?P<major>\d+)$")


def only_job(workflow: dict) -> dict:
    (job,) = workflow["jobs"].values()
    return job


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(f"{action}@")]


@pytest.fixture(scope="module")
def course_job() -> dict:
    """The job of the course's own workflow, the reference for Pythons and action versions."""
    return only_job(yaml.safe_load(COURSE_WORKFLOW.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def job(workflow) -> dict:
    return only_job(workflow)


def test_runs_on_pushes_to_main_and_on_every_pull_request(workflow):
    """The triggers are a push to main and any pull request."""
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    triggers = workflow.get("on", workflow.get(True))

    assert triggers["push"]["branches"] == ["main"], f"push runs for {triggers['push']}"
    assert "pull_request" in triggers, f"the workflow only runs on {sorted(triggers)}"


def test_the_runner_system_is_pinned(job):
    """`runs-on` names a fixed system version, so the machine only changes when this line does."""
    assert not job["runs-on"].endswith("-latest"), f"runs-on is {job['runs-on']}"


def test_every_supported_python_runs_to_the_end(job, course_job):
    """The matrix has the course's Pythons, and a failure on one does not cancel the other."""
    pythons = job["strategy"]["matrix"]["python-version"]
    expected = course_job["strategy"]["matrix"]["python-version"]

    assert pythons == expected, f"the matrix runs {pythons}, the course supports {expected}"
    assert job["strategy"].get("fail-fast") is False, f"fail-fast is {job['strategy'].get('fail-fast')}"


def test_actions_are_at_the_majors_the_course_runs(job, course_job):
    """Each action is pinned to the same major version as in the course's own workflow."""
    current = {
        match["action"]: match["major"] for step in course_job["steps"] if (match := USES.match(step.get("uses", "")))
    }
    used = {match["action"]: match["major"] for step in job["steps"] if (match := USES.match(step.get("uses", "")))}

    outdated = {
        action: f"v{major}, current v{current[action]}"
        for action, major in used.items()
        if current.get(action) != major
    }
    assert outdated == {}, f"outdated actions: {outdated}"


def test_pip_downloads_are_cached_and_keyed_on_the_requirements(job):
    """setup-python keeps pip's cache between runs, keyed on requirements.txt."""
    (setup,) = steps_using(job, "actions/setup-python")
    settings = setup.get("with", {})

    assert settings.get("cache") == "pip", f"setup-python's cache is {settings.get('cache')}"
    assert settings.get("cache-dependency-path") == "requirements.txt", (
        f"the cache is keyed on {settings.get('cache-dependency-path')}"
    )


def test_the_tests_run_with_ci_set_to_the_string_true(job):
    """The step that runs pytest sees CI="true", so a missing Chromium or PostgreSQL fails instead of skipping."""
    (step,) = [step for step in job["steps"] if "pytest" in step.get("run", "")]
    ci = {**job.get("env", {}), **step.get("env", {})}.get("CI")

    assert ci == "true", f"the pytest step sees CI={ci!r}"
