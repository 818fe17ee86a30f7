"""The HTML error pages that errors.py renders outside /api: 400 for CSRF, 403, 404, 405 and 500."""

import logging

import pytest


# --8<-- [start:failing-route]
@pytest.fixture
def failing_route(app):
    """Add a route that always raises; the app is new and has served no request yet."""

    @app.get("/boom")
    def boom():
        raise RuntimeError("database exploded")

    return "/boom"


# --8<-- [end:failing-route]


# --8<-- [start:html-404]
def test_404_is_a_friendly_html_page(client):
    """An unknown URL gets the HTML 404 page, not JSON and not Werkzeug's default."""
    response = client.get("/this-page-does-not-exist")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page Not Found" in response.text
    assert 'href="/"' in response.text


# --8<-- [end:html-404]


def test_403_page_explains_the_refusal(auth_client):
    """A forbidden page gets the generic HTML error page with a plain explanation."""
    response = auth_client.get("/admin/")

    assert response.status_code == 403
    assert "You do not have permission to do that." in response.text


# --8<-- [start:html-405]
def test_405_is_an_html_page_with_the_allow_header(client):
    """A method a route does not accept gets the HTML error page, and Allow lists the methods that work."""
    response = client.delete("/login")

    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "Method Not Allowed" in response.text
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "DELETE" not in allowed


# --8<-- [end:html-405]


@pytest.mark.parametrize("sent_token", [None, "forged"], ids=["missing-token", "forged-token"])
def test_csrf_failure_explains_what_to_do(app, client, user, monkeypatch, sent_token):
    """A form refused for its CSRF token is a 400 page that tells the person to reload, not Flask-WTF's jargon."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    form = {"username": user.username, "password": user.password}
    if sent_token is not None:
        form["csrf_token"] = sent_token

    response = client.post("/login", data=form)

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "The form expired or was sent from another site. Reload the page and try again." in response.text
    assert "CSRF token" not in response.text
    with client.session_transaction() as session:
        assert "user_id" not in session


# --8<-- [start:html-500]
def test_500_page_hides_the_error_and_logs_it(app, client, failing_route, monkeypatch, caplog):
    """With propagation off, an exception becomes the 500 page; the details go to the log only."""
    # TESTING re-raises exceptions into the test; switch that off to see what users see.
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    with caplog.at_level(logging.ERROR):
        response = client.get(failing_route)

    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "database exploded" not in response.text
    assert "Unhandled RuntimeError on GET /boom: database exploded" in caplog.text


# --8<-- [end:html-500]


# --8<-- [start:fixture-order]
@pytest.fixture
def logged_in_on_failing_app(failing_route, client, auth, user):
    """``user``'s client, logged in after ``/boom`` was added: the login needs the route, so it asks for it."""
    auth.login()
    return client


def test_500_page_works_for_a_logged_in_user(app, logged_in_on_failing_app, failing_route, monkeypatch):
    """The 500 page stands alone, so it renders whatever state the session is in."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    response = logged_in_on_failing_app.get(failing_route)

    assert response.status_code == 500
    assert "Something went wrong" in response.text


# --8<-- [end:fixture-order]


# --8<-- [start:raises-alternative]
def test_exceptions_reach_the_test_when_testing(client, failing_route):
    """With TESTING on (the default here), the original exception is raised in the test."""
    with pytest.raises(RuntimeError, match="database exploded"):
        client.get(failing_route)


# --8<-- [end:raises-alternative]
