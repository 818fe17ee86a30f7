"""Public tests of the tiny greeting exercise the self-check's tests use."""


def test_greets_by_name(client):
    """GET /hello?name=Ada answers 200 with a greeting for Ada."""
    response = client.get("/hello", query_string={"name": "Ada"})
    assert response.status_code == 200, f"GET /hello should answer 200, got {response.status_code}"
    assert response.get_json() == {"greeting": "Hello, Ada!"}, f"unexpected greeting {response.text!r}"


def test_missing_name_answers_400(client):
    """GET /hello without a name answers 400."""
    response = client.get("/hello")
    assert response.status_code == 400, f"GET /hello without a name should answer 400, got {response.status_code}"


def test_each_app_gets_its_own_data_folder(client):
    """The suite's {tmp} placeholder becomes a real private folder."""
    folder = client.get("/data-dir").get_json()["data_dir"]
    assert "{tmp}" not in folder and folder.endswith("/data"), f"DATA_DIR was {folder!r}"
