"""The templates: which one a view renders and with what, the navigation, escaping, accessible markup."""

import pytest
from bs4 import BeautifulSoup
from flask import template_rendered

from sample_app.extensions import db
from sample_app.models import User

from .factories import PostFactory
from .helpers import html

ANONYMOUS_PAGES = ["/", "/login", "/register", "/posts", "/this-page-does-not-exist"]
LOGGED_IN_PAGES = ["/", "/dashboard", "/profile", "/settings", "/posts", "/posts/new", "/upload", "/upload/image"]


# --8<-- [start:main-navigation]
def main_navigation(response) -> dict[str, str]:
    """The site navigation's links as {link text: href}."""
    return {link.get_text(strip=True): str(link["href"]) for link in html(response).select('nav[aria-label="Main"] a')}


# --8<-- [end:main-navigation]


# --8<-- [start:captured-templates]
@pytest.fixture
def captured_templates(app):
    """Record (template, context) for every template the app renders during the test."""
    recorded = []

    def record(sender, template, context, **extra):
        recorded.append((template, context))

    template_rendered.connect(record, app)
    yield recorded
    template_rendered.disconnect(record, app)


# --8<-- [end:captured-templates]


# --8<-- [start:template-context]
class TestTemplateContext:
    def test_dashboard_renders_its_template_with_user_and_posts(self, auth_client, posts, captured_templates):
        """/dashboard renders dashboard.html with the logged-in user and that user's posts."""
        auth_client.get("/dashboard")

        assert len(captured_templates) == 1
        template, context = captured_templates[0]
        assert template.name == "dashboard.html"
        assert context["user"].username == "testuser"
        assert sorted(post.id for post in context["posts"]) == sorted(posts)

    def test_failed_login_renders_the_login_template_with_the_form(self, client, captured_templates):
        """A refused login re-renders auth/login.html with the form and its error."""
        client.post("/login", data={"username": "ghost", "password": "whatever"})

        template, context = captured_templates[0]
        assert template.name == "auth/login.html"
        assert context["form"].form_errors == ["Invalid username or password"]


# --8<-- [end:template-context]


class TestNavigation:
    # --8<-- [start:navigation-states]
    def test_anonymous_visitors_see_login_and_register(self, client):
        """Visitors who are not logged in are offered Login and Register, not Logout or Upload."""
        nav_links = main_navigation(client.get("/"))

        assert nav_links["Login"] == "/login"
        assert nav_links["Register"] == "/register"
        assert "Logout" not in nav_links
        assert "Upload" not in nav_links

    @pytest.mark.parametrize("path", LOGGED_IN_PAGES)
    def test_logged_in_users_see_logout_and_never_login(self, auth_client, path):
        """Logged-in users get Logout, and the word Login appears nowhere on their pages."""
        page = auth_client.get(path).text

        assert "Logout" in page
        assert "Login" not in page

    def test_logged_in_users_get_an_upload_link(self, auth_client):
        """The navigation leads logged-in users to the upload form."""
        assert main_navigation(auth_client.get("/"))["Upload"] == "/upload"

    def test_admin_link_only_for_administrators(self, client, auth, user, admin_user):
        """The Admin link shows for administrators only."""
        auth.login()
        assert 'href="/admin/"' not in client.get("/").text

        auth.logout()
        auth.login(admin_user.username, admin_user.password)
        assert 'href="/admin/"' in client.get("/").text

    # --8<-- [end:navigation-states]

    # --8<-- [start:flash-once]
    def test_flash_messages_appear_once(self, auth_client):
        """A flashed message shows on the next page and is gone after that."""
        auth_client.post("/settings", data={"email": "test@example.com", "bio": ""})

        assert "Your settings have been saved." in auth_client.get("/profile").text
        assert "Your settings have been saved." not in auth_client.get("/profile").text

    # --8<-- [end:flash-once]


# --8<-- [start:escaping]
class TestEscaping:
    HOSTILE = "<script>alert('xss')</script>"
    ESCAPED = "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"

    @pytest.fixture
    def hostile_post(self, app, user) -> int:
        """A post whose title and content, and its author's bio, carry a script tag."""
        with app.app_context():
            author = db.session.get_one(User, user.id)
            author.bio = self.HOSTILE
            return PostFactory(title=self.HOSTILE, content=self.HOSTILE, author=author).id

    @pytest.mark.parametrize("path", ["/", "/posts", "/posts/{post_id}", "/dashboard", "/profile"])
    def test_stored_markup_is_shown_as_text(self, auth_client, hostile_post, path):
        """Titles, content and bios are escaped on every page that shows them."""
        page = auth_client.get(path.format(post_id=hostile_post)).text

        assert self.HOSTILE not in page
        assert self.ESCAPED in page


# --8<-- [end:escaping]


class TestAccessibleMarkup:
    @pytest.mark.parametrize("path", ANONYMOUS_PAGES)
    def test_anonymous_pages_are_well_formed(self, client, path):
        """Each page declares its language, has a title, one h1, unique ids, and a label for every input."""
        self.assert_accessible_basics(html(client.get(path)))

    @pytest.mark.parametrize("path", [*LOGGED_IN_PAGES, "/admin/"])
    def test_logged_in_pages_are_well_formed(self, admin_client, path):
        """The same holds for the pages behind the login, the admin's included."""
        self.assert_accessible_basics(html(admin_client.get(path)))

    def test_invalid_fields_point_to_their_errors(self, client):
        """An invalid input is marked aria-invalid and described by its error list."""
        soup = html(client.post("/register", data={"username": ""}))

        username = soup.find("input", id="username")
        errors = soup.find(id="username-errors")
        assert username is not None and errors is not None
        assert username["aria-invalid"] == "true"
        assert "username-errors" in str(username["aria-describedby"]).split()
        assert errors.get_text(strip=True) == "This field is required."

    @staticmethod
    def assert_accessible_basics(soup: BeautifulSoup) -> None:
        assert soup.html is not None and soup.html["lang"] == "en"
        assert soup.title is not None and soup.title.get_text(strip=True)
        assert len(soup.find_all("h1")) == 1
        ids = [element["id"] for element in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), "duplicate ids confuse labels and skip links"
        for field in soup.select("input:not([type=hidden]), textarea, select"):
            assert soup.find("label", attrs={"for": field["id"]}), f"no label for {field}"


def test_stylesheet_is_served(client):
    """The stylesheet every page links to exists."""
    # A static file is streamed from disk; closing the response closes the file.
    with client.get("/static/style.css") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"
