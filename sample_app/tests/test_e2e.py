"""One end-to-end journey in a real browser against a live server.

The app runs in a thread on 127.0.0.1 at a free port (``werkzeug.serving.make_server``);
Playwright drives Debian's Chromium through the pages a person would use.
"""

import re
import threading

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from devtools.browser import CHROMIUM_ARGS, chromium_path, missing_chromium_message, running_in_ci
from sample_app import create_app
from sample_app.extensions import db

# --8<-- [start:e2e-module-marker]
pytestmark = pytest.mark.e2e
# --8<-- [end:e2e-module-marker]


# --8<-- [start:e2e-live-server]
@pytest.fixture
def live_server(app_config, tmp_path):
    """Serve a fresh app over real HTTP from a background thread; yield its base URL."""
    config = app_config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.sqlite'}"}
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
    executable = chromium_path()
    if executable is None:
        if running_in_ci():
            pytest.fail(missing_chromium_message())
        pytest.skip(missing_chromium_message())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
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


# --8<-- [start:e2e-journey]
def test_register_login_post_and_logout(live_server, page):
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

    page.get_by_role("link", name="Logout").click()
    expect(page.get_by_role("link", name="Login")).to_be_visible()
    page.goto(f"{live_server}/dashboard")
    expect(page).to_have_url(re.compile(r"/login"))
# --8<-- [end:e2e-journey]
