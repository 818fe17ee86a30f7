"""End-to-end tests in a real browser against a live server, configured as a learner's app would run.

The app runs in a thread on 127.0.0.1 at a free port (``werkzeug.serving.make_server``), with
CSRF protection on and its own error pages in charge (``TESTING`` and exception propagation off),
so the browser fills real forms with the real token. Playwright drives Chromium through the pages
a person would use.
"""

import re
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from devtools.browser import launch_chromium
from sample_app import create_app
from sample_app.extensions import db

# --8<-- [start:e2e-module-marker]
pytestmark = pytest.mark.e2e
# --8<-- [end:e2e-module-marker]


# --8<-- [start:e2e-live-server]
@pytest.fixture
def live_server(app_config, tmp_path):
    """Serve a fresh app over real HTTP from a background thread; yield its base URL."""
    config = app_config | {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.sqlite'}",
        # As in production: forms need their token, and a crash shows the app's own 500 page
        # instead of escaping to Werkzeug's bare one.
        "WTF_CSRF_ENABLED": True,
        "TESTING": False,
        "PROPAGATE_EXCEPTIONS": False,
        # Without TESTING, Flask-Mail would really send the welcome email.
        "MAIL_SUPPRESS_SEND": True,
        # The live server speaks plain HTTP, where a browser would drop a Secure cookie.
        "SESSION_COOKIE_SECURE": False,
    }
    app = create_app(config)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


# --8<-- [end:e2e-live-server]


# --8<-- [start:e2e-page]
@pytest.fixture
def page():
    """A Chromium page; the test fails in CI (and skips elsewhere) when Chromium is missing."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context()
        off_host: list[str] = []

        def refuse(route):
            off_host.append(route.request.url)
            route.abort()

        # The app must work without any other host (no CDN, no fonts, no analytics).
        context.route(lambda url: not url.startswith("http://127.0.0.1"), refuse)
        yield context.new_page()
        context.close()
        browser.close()
    assert off_host == [], f"the pages tried to reach other hosts: {off_host}"


# --8<-- [end:e2e-page]


# --8<-- [start:e2e-error-responses]
@pytest.fixture
def error_responses(live_server, page) -> list[tuple[int, str]]:
    """``(status, path)`` of every 4xx or 5xx answer the live server gives the page, in order."""
    seen: list[tuple[int, str]] = []

    def record(response):
        if response.status >= 400 and response.url.startswith(live_server):
            seen.append((response.status, urlsplit(response.url).path))

    page.on("response", record)
    return seen


# --8<-- [end:e2e-error-responses]


# --8<-- [start:e2e-journey]
def test_register_login_post_and_logout(live_server, page, error_responses):
    """A new visitor registers, logs in, publishes a post, sees it, and logs out."""
    page.goto(f"{live_server}/register")
    page.get_by_label("Username").fill("e2e_writer")
    page.get_by_label("Email").fill("writer@example.com")
    page.get_by_label("Password", exact=True).fill("Sup3rSecret!")
    page.get_by_label("Confirm password").fill("Sup3rSecret!")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Registration successful")).to_be_visible()

    page.goto(f"{live_server}/login")
    page.get_by_label("Username").fill("e2e_writer")
    page.get_by_label("Password").fill("Sup3rSecret!")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server}/dashboard")

    page.goto(f"{live_server}/posts/new")
    page.get_by_label("Title").fill("Hello from a real browser")
    page.get_by_label("Content").fill("Written by Playwright.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Hello from a real browser")).to_be_visible()

    page.goto(f"{live_server}/posts")
    expect(page.get_by_role("link", name="Hello from a real browser")).to_be_visible()

    # Logout is a button: a POST with the CSRF token, not a link any page could trigger.
    page.get_by_role("button", name="Logout").click()
    expect(page.get_by_role("link", name="Login")).to_be_visible()
    page.goto(f"{live_server}/dashboard")
    expect(page).to_have_url(re.compile(r"/login"))

    # No request of the journey was answered with an error, not even one the page made by itself.
    assert error_responses == []


# --8<-- [end:e2e-journey]


# --8<-- [start:e2e-csrf]
def test_a_form_without_its_token_gets_the_apps_own_400_page(live_server, page, error_responses):
    """The live server really checks CSRF: strip the hidden token and the login is refused, politely."""
    page.goto(f"{live_server}/login")
    page.locator('input[name="csrf_token"]').evaluate("field => field.remove()")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("Sup3rSecret!")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_text("The form expired or was sent from another site.")).to_be_visible()
    assert error_responses == [(400, "/login")]


# --8<-- [end:e2e-csrf]
