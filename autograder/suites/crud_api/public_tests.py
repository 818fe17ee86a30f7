"""Public self-check tests for the products API exercise: a first taste of the hidden ones.

Passing them does not mean the app is complete; the hidden tests check every row of the spec.
"""

MUG = {"sku": "MUG-001", "name": "Ceramic mug", "price_cents": 1299, "stock": 5}


def error_of(response):
    body = response.get_json()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"]
    return None


def test_a_new_app_has_an_empty_catalogue(client):
    """A new app lists no products: items [], total 0, page 1, pages 0, has_next false."""
    response = client.get("/products")
    assert response.status_code == 200, f"GET /products should answer 200, got {response.status_code}"
    expected = {"items": [], "total": 0, "page": 1, "per_page": 10, "pages": 0, "has_next": False}
    assert response.get_json() == expected, f"an empty catalogue should list as {expected}, got {response.shown_body}"


def test_create_answers_201_with_the_product_and_its_location(client):
    """Creating the mug answers 201 with the product, a Location header and an ETag."""
    response = client.post("/products", json=MUG)
    assert response.status_code == 201, f"creating a product should answer 201, got {response.status_code}"
    product = response.get_json()
    assert isinstance(product, dict) and product == {"id": product.get("id"), **MUG}, (
        f"the answer should be the product {MUG} with its id, got {response.shown_body}"
    )
    assert response.headers.get("Location") == f"/products/{product['id']}", (
        f"the Location header should be /products/{product['id']}, got {response.headers.get('Location')!r}"
    )
    assert response.headers.get("ETag"), "the answer should carry an ETag header"


def test_missing_fields_answer_422_naming_each_one(client):
    """An empty object is refused with 422 validation_error naming sku, name and price_cents."""
    response = client.post("/products", json={})
    assert response.status_code == 422, f"creating from {{}} should answer 422, got {response.status_code}"
    error = error_of(response) or {}
    assert error.get("code") == "validation_error", (
        f"the error code should be 'validation_error', got {response.shown_body}"
    )
    details = error.get("details") or {}
    assert {"sku", "name", "price_cents"} <= set(details), (
        f"the details should name sku, name and price_cents, got {details}"
    )


def test_duplicate_sku_answers_409(client):
    """A second product with a SKU already in use answers 409 with code sku_taken."""
    client.post("/products", json=MUG)
    response = client.post("/products", json={**MUG, "name": "Another mug"})
    assert response.status_code == 409, f"a second MUG-001 should answer 409, got {response.status_code}"
    assert (error_of(response) or {}).get("code") == "sku_taken", (
        f"the error code should be 'sku_taken', got {response.shown_body}"
    )


def test_unknown_product_answers_404(client):
    """GET of a product that does not exist answers 404 with code product_not_found."""
    response = client.get("/products/999")
    assert response.status_code == 404, f"GET /products/999 should answer 404, got {response.status_code}"
    assert (error_of(response) or {}).get("code") == "product_not_found", (
        f"the error code should be 'product_not_found', got {response.shown_body}"
    )
