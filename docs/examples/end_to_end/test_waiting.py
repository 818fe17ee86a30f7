"""Lesson 14: a browser test waits for what a person would wait for, never for a number of seconds.

Clicking Subscribe sends a request from the page's JavaScript; the confirmation appears only
when the answer arrives. ``expect`` keeps checking until it does, or fails after its timeout.
"""

import threading

import pytest
from flask import Flask, request
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from devtools.browser import launch_chromium

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html>
<html lang="en">
<title>Newsletter</title>
<label for="email">Email</label> <input id="email" type="email">
<button type="button">Subscribe</button>
<p role="status"></p>
<script>
  document.querySelector("button").addEventListener("click", async () => {
    const response = await fetch("/subscribe", {
      method: "POST",
      body: new URLSearchParams({email: document.querySelector("#email").value}),
    });
    document.querySelector("[role=status]").textContent = (await response.json()).message;
  });
</script>
</html>"""


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def newsletter():
        return PAGE

    @app.post("/subscribe")
    def subscribe():
        # A missing field makes request.form answer 400 Bad Request by itself.
        return {"message": f"Subscribed {request.form['email']}."}

    return app


@pytest.fixture
def live_server():
    """The app on a free port of 127.0.0.1, served from a background thread."""
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def page():
    """A page in Chromium: skipped without it, except in CI where it must be there."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser.new_page()
        browser.close()


# --8<-- [start:expect]
def test_subscribing_shows_a_confirmation(live_server, page):
    """The confirmation appears once the server has answered the page's request."""
    page.goto(live_server)
    page.get_by_label("Email").fill("reader@example.com")

    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("status")).to_have_text("Subscribed reader@example.com.")


# --8<-- [end:expect]
