"""Lesson 13: one visitor's whole journey through the blog, request after request."""

from bs4 import BeautifulSoup

# --8<-- [start:journey]
NEW_ACCOUNT = {
    "username": "journey",
    "email": "journey@example.com",
    "password": "StrongPass123!",
    "confirm_password": "StrongPass123!",
}


def test_visitor_registers_logs_in_publishes_and_logs_out(client):
    """Each step starts from where the last one left the app: its session cookie and its rows."""
    registered = client.post("/register", data=NEW_ACCOUNT)
    assert "Registration successful" in registered.text

    logged_in = client.post("/login", data={"username": "journey", "password": "StrongPass123!"})
    assert logged_in.headers["Location"] == "/dashboard"

    published = client.post(
        "/posts/new",
        data={"title": "My first post", "content": "Hello, readers!", "published": "y"},
        follow_redirects=True,
    )
    assert "Post published." in published.text
    post_path = published.request.path

    listing = BeautifulSoup(client.get("/posts").text, "html.parser")
    assert listing.find("a", href=post_path).get_text() == "My first post"

    client.post("/logout")
    assert client.get("/dashboard").headers["Location"] == "/login?next=/dashboard"
    # Logging out ends the session, not the post: published posts stay public.
    assert "Hello, readers!" in client.get(post_path).text


# --8<-- [end:journey]
