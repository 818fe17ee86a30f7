"""Checks only the `crud_api` exercise needs; the shared contract is in test_exercises.py."""

from tests.exercises import harness

IF_MATCH_TESTS = {
    "test_stale_if_match_answers_412_and_changes_nothing[put]",
    "test_stale_if_match_answers_412_and_changes_nothing[patch]",
    "test_stale_if_match_answers_412_and_changes_nothing[delete]",
    "test_lost_update_is_prevented",
    "test_if_match_that_names_no_current_version_answers_412[other]",
    "test_if_match_that_names_no_current_version_answers_412[garbage]",
    "test_if_match_that_names_no_current_version_answers_412[weak]",
}

# Appended to the reference app: a WSGI middleware that drops the If-Match header before Flask
# sees it -- an app whose updates ignore If-Match, however correct the rest of it is.
IF_MATCH_IGNORED = """

class _DropIfMatch:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_IF_MATCH", None)
        return self.wsgi_app(environ, start_response)


_checking_create_app = create_app


def create_app(test_config=None):
    app = _checking_create_app(test_config)
    app.wsgi_app = _DropIfMatch(app.wsgi_app)
    return app
"""


def test_an_app_that_ignores_if_match_loses_the_if_match_points():
    """The hidden If-Match tests really send the header: an app that never reads it fails exactly those."""
    hidden = harness.SUITES_DIR / "crud_api" / "hidden_tests.py"
    ignoring = harness.reference_source("crud_api") + IF_MATCH_IGNORED

    outcomes = harness.run_test_module(hidden, ignoring, exercise_id="crud_api")

    assert set(outcomes.not_passed()) == IF_MATCH_TESTS, outcomes.report()
    assert "should answer 412, got 200" in outcomes.messages["test_lost_update_is_prevented"]
    # Lost updates are about data loss: they count double.
    points = harness.load_suite("crud_api")["points"]
    assert points["test_lost_update_is_prevented"] == points["test_stale_if_match_answers_412_and_changes_nothing"] == 2


def test_reference_app_keeps_each_apps_catalogue_apart(load_app_module, app_session):
    """Two apps from one module, side by side, each have their own database and their own ids."""
    module = load_app_module(harness.reference_source("crud_api"))
    first, second = app_session(module), app_session(module)
    mug = {"sku": "MUG-001", "name": "Ceramic mug", "price_cents": 1299}
    assert first.client.post("/products", json=mug).get_json()["id"] == 1
    assert second.client.get("/products").get_json()["total"] == 0
    assert second.client.post("/products", json=mug).get_json()["id"] == 1
    assert first.client.get("/products").get_json()["total"] == 1
