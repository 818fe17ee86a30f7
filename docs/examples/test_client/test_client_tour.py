"""Lesson 4: the parts of the test client the sample app's suite uses least: methods, cookies, g."""

from flask import Flask, g, make_response, redirect, request, url_for


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(TESTING=True, SECRET_KEY="test-secret-key")

    @app.get("/")
    def home():
        return "<p>Pick a theme.</p>"

    @app.get("/theme")
    def show_theme():
        g.theme = request.cookies.get("theme", "light")
        return {"theme": g.theme}

    @app.post("/theme")
    def choose_theme():
        response = make_response(redirect(url_for("show_theme"), code=303))
        response.set_cookie("theme", request.form["theme"], max_age=3600, httponly=True, samesite="Lax")
        return response

    return app


# --8<-- [start:methods]
def test_head_answers_like_get_without_a_body():
    """Flask adds HEAD to every GET route: same status and headers, empty body."""
    client = create_app().test_client()

    response = client.head("/theme")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.data == b""


def test_options_lists_the_methods_a_url_accepts():
    """Flask answers OPTIONS itself, naming every method routed to the URL."""
    client = create_app().test_client()

    response = client.options("/theme")

    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


# --8<-- [end:methods]


# --8<-- [start:content-type]
def test_only_the_text_response_names_a_charset():
    """JSON's content type is exactly application/json; an HTML page's adds its charset."""
    client = create_app().test_client()

    json_response, html_response = client.get("/theme"), client.get("/")

    assert json_response.content_type == json_response.mimetype == "application/json"
    assert html_response.content_type == "text/html; charset=utf-8"
    assert (html_response.mimetype, html_response.mimetype_params) == ("text/html", {"charset": "utf-8"})


# --8<-- [end:content-type]


# --8<-- [start:cookies]
def test_cookie_set_on_the_client_reaches_the_view():
    """set_cookie() puts a cookie in the client's jar; the next requests send it."""
    client = create_app().test_client()

    client.set_cookie("theme", "dark")

    assert client.get("/theme").get_json() == {"theme": "dark"}


def test_cookie_set_by_the_app_can_be_inspected():
    """get_cookie() returns the stored cookie with its value and attributes."""
    client = create_app().test_client()

    client.post("/theme", data={"theme": "dark"})

    cookie = client.get_cookie("theme")
    assert cookie.value == "dark"
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_deleted_cookie_is_no_longer_sent():
    """delete_cookie() removes it from the jar, as if it had expired."""
    client = create_app().test_client()
    client.set_cookie("theme", "dark")

    client.delete_cookie("theme")

    assert client.get_cookie("theme") is None
    assert client.get("/theme").get_json() == {"theme": "light"}


# --8<-- [end:cookies]


# --8<-- [start:see-other]
def test_form_post_redirects_with_see_other():
    """An explicit 303 tells the browser to fetch the next page with GET."""
    client = create_app().test_client()

    response = client.post("/theme", data={"theme": "dark"}, follow_redirects=True)

    assert [step.status_code for step in response.history] == [303]
    assert response.request.method == "GET"
    assert response.request.path == "/theme"
    assert response.get_json() == {"theme": "dark"}


# --8<-- [end:see-other]


# --8<-- [start:with-client]
def test_g_and_request_stay_readable_inside_with_client():
    """Inside ``with client:``, the last request's context stays pushed until the block ends."""
    client = create_app().test_client()
    client.set_cookie("theme", "dark")

    with client:
        client.get("/theme", query_string={"preview": "1"})

        assert g.theme == "dark"
        assert request.args["preview"] == "1"


# --8<-- [end:with-client]
