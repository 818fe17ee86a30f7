"""Public self-check tests for the shopping cart exercise: a first taste of the hidden ones.

Passing them does not mean the app is complete; the hidden tests check every row of the spec.
"""


def error_code(response):
    body = response.get_json()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("code")
    return None


def test_new_client_has_an_empty_cart(client):
    """A new client starts with an empty cart and a total of 0."""
    response = client.get("/cart")
    assert response.status_code == 200, f"GET /cart should answer 200, got {response.status_code}"
    assert response.get_json() == {"items": [], "total_cents": 0}, (
        f'a new cart should be {{"items": [], "total_cents": 0}}, got {response.shown_body}'
    )


def test_adding_an_item_answers_201_with_the_priced_cart(client):
    """Adding 2 mugs answers 201 with one line of 2 x 1299 cents."""
    response = client.post("/cart/items", json={"product_id": 2, "quantity": 2})
    assert response.status_code == 201, f"adding an item should answer 201, got {response.status_code}"
    assert response.get_json() == {
        "items": [
            {"product_id": 2, "name": "Ceramic mug", "quantity": 2, "unit_price_cents": 1299, "line_total_cents": 2598}
        ],
        "total_cents": 2598,
    }, f"the answer should be the cart with one line of 2 mugs, got {response.shown_body}"


def test_adding_an_unknown_product_answers_404(client):
    """Adding a product that does not exist answers 404 with code product_not_found."""
    response = client.post("/cart/items", json={"product_id": 999, "quantity": 1})
    assert response.status_code == 404, f"adding product 999 should answer 404, got {response.status_code}"
    assert error_code(response) == "product_not_found", (
        f"the error code should be 'product_not_found', got {response.shown_body}"
    )


def test_quantity_zero_is_refused(client):
    """A quantity of 0 is refused with 400 and code validation_error."""
    response = client.post("/cart/items", json={"product_id": 2, "quantity": 0})
    assert response.status_code == 400, f"quantity 0 should answer 400, got {response.status_code}"
    assert error_code(response) == "validation_error", (
        f"the error code should be 'validation_error', got {response.shown_body}"
    )


def test_checkout_empties_the_cart(client):
    """A successful checkout answers 201 and leaves the cart empty."""
    client.post("/cart/items", json={"product_id": 1, "quantity": 1})
    response = client.post("/checkout")
    assert response.status_code == 201, f"checkout should answer 201, got {response.status_code}"
    assert client.get("/cart").get_json() == {"items": [], "total_cents": 0}, "the cart should be empty after checkout"
