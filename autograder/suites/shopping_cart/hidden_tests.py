"""Hidden specification tests for the shopping cart exercise.

They talk to the learner's app only through the contract's ``client`` fixture (``client.fresh()``
for a second shopper on the same app) and rely on the notebook's fixed catalogue:

    id  name                  price_cents  stock
    1   Espresso beans, 1 kg  2450         10
    2   Ceramic mug           1299         5
    3   Milk frother          3999         2
    4   Gift card             2500         0
"""

import json

import pytest

from autograder.material.api_errors import assert_error, error_of

BEANS, MUG, FROTHER, GIFT_CARD = 1, 2, 3, 4
UNKNOWN_PRODUCT = 999


# --- helpers -------------------------------------------------------------------------------------


def add(client, product_id, quantity):
    return client.post("/cart/items", json={"product_id": product_id, "quantity": quantity})


def added(client, product_id, quantity):
    response = add(client, product_id, quantity)
    assert response.status_code == 201, (
        f"adding {quantity} x product {product_id} should answer 201, got {response.status_code}"
    )
    return response.get_json()


def get_cart(client):
    response = client.get("/cart")
    assert response.status_code == 200, f"GET /cart should answer 200, got {response.status_code}"
    body = response.get_json()
    assert isinstance(body, dict) and "items" in body and "total_cents" in body, (
        f"GET /cart should answer a JSON object with 'items' and 'total_cents', got {response.shown_body}"
    )
    return body


def cart_quantities(client):
    return {item["product_id"]: item["quantity"] for item in get_cart(client)["items"]}


def stock_of(client, product_id):
    response = client.get(f"/products/{product_id}")
    assert response.status_code == 200, f"GET /products/{product_id} should answer 200, got {response.status_code}"
    return response.get_json()["stock"]


def checked_out(client):
    response = client.post("/checkout")
    assert response.status_code == 201, f"checkout should answer 201, got {response.status_code}"
    return response


# --- the catalogue -------------------------------------------------------------------------------


def test_products_lists_the_whole_catalogue(client):
    """GET /products lists every product of the catalogue with its price and stock."""
    response = client.get("/products")
    assert response.status_code == 200, f"GET /products should answer 200, got {response.status_code}"
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("products"), list), (
        f'GET /products should answer {{"products": [...]}}, got {response.shown_body}'
    )
    assert [product.get("id") for product in body["products"]] == [1, 2, 3, 4], (
        "GET /products should list products 1 to 4 in id order"
    )
    assert body["products"][1] == {"id": 2, "name": "Ceramic mug", "price_cents": 1299, "stock": 5}, (
        f"product 2 should be the ceramic mug at 1299 cents with 5 in stock, got {body['products'][1]}"
    )


def test_product_detail_shows_one_product(client):
    """GET /products/<id> answers that product with its name, price and stock."""
    response = client.get(f"/products/{FROTHER}")
    assert response.status_code == 200, f"GET /products/3 should answer 200, got {response.status_code}"
    assert response.get_json() == {"id": 3, "name": "Milk frother", "price_cents": 3999, "stock": 2}, (
        f"GET /products/3 should describe the milk frother, got {response.shown_body}"
    )


def test_unknown_product_answers_404(client):
    """Asking for a product that does not exist answers 404 with code product_not_found."""
    assert_error(client.get(f"/products/{UNKNOWN_PRODUCT}"), 404, "product_not_found", "GET /products/999")


# --- the cart ------------------------------------------------------------------------------------


def test_new_client_has_an_empty_cart(client):
    """A new client starts with an empty cart and a total of 0."""
    assert get_cart(client) == {"items": [], "total_cents": 0}, "a new client's cart should be empty"


def test_adding_an_item_answers_201_with_the_cart(client):
    """Adding a product answers 201 with the cart, each line priced in cents."""
    response = add(client, MUG, 2)
    assert response.status_code == 201, f"adding an item should answer 201, got {response.status_code}"
    expected = {
        "items": [
            {"product_id": 2, "name": "Ceramic mug", "quantity": 2, "unit_price_cents": 1299, "line_total_cents": 2598}
        ],
        "total_cents": 2598,
    }
    assert response.get_json() == expected, f"the answer should be the cart {expected}, got {response.shown_body}"
    assert get_cart(client) == expected, "GET /cart should show the item that was added"


def test_adding_the_same_product_again_adds_to_its_line(client):
    """Adding a product that is already in the cart increases that line's quantity."""
    added(client, BEANS, 2)
    added(client, BEANS, 3)
    items = get_cart(client)["items"]
    assert len(items) == 1, f"the cart should have one line for the product, got {len(items)} lines"
    assert items[0]["quantity"] == 5, f"2 + 3 beans should make a line of 5, got {items[0]['quantity']}"


def test_cart_keeps_items_in_the_order_they_were_added(client):
    """The cart lists its lines in the order the products were first added."""
    for product_id in (FROTHER, BEANS, MUG):
        added(client, product_id, 1)
    order = [item["product_id"] for item in get_cart(client)["items"]]
    assert order == [3, 1, 2], f"the lines should be in the order added (3, 1, 2), got {order}"


def test_totals_are_exact_integer_cents(client):
    """Line totals and the cart total are exact whole numbers of cents."""
    added(client, MUG, 3)
    added(client, BEANS, 1)
    cart = get_cart(client)
    line_totals = [item["line_total_cents"] for item in cart["items"]]
    assert line_totals == [3897, 2450], f"3 x 1299 and 1 x 2450 should be 3897 and 2450, got {line_totals}"
    assert cart["total_cents"] == 6347, f"the total should be 6347 cents, got {cart['total_cents']}"
    assert all(type(value) is int for value in [*line_totals, cart["total_cents"]]), (
        "money should be whole integers of cents, never floats"
    )


def test_adding_an_unknown_product_answers_404(client):
    """Adding a product that does not exist answers 404 and leaves the cart alone."""
    added(client, MUG, 1)
    assert_error(add(client, UNKNOWN_PRODUCT, 1), 404, "product_not_found", "adding product 999")
    assert cart_quantities(client) == {2: 1}, "a refused add must not change the cart"


def test_huge_product_id_answers_404(client):
    """A product id far beyond the catalogue answers 404, not a crash."""
    assert_error(add(client, 10**30, 1), 404, "product_not_found", "adding product 10**30")
    assert_error(client.get(f"/products/{10**30}"), 404, "product_not_found", "GET /products/10**30")


@pytest.mark.parametrize("quantity", [0, -1])
def test_quantity_must_be_at_least_one(client, quantity):
    """A quantity of zero or less is refused with 400 naming the quantity field."""
    error = assert_error(add(client, MUG, quantity), 400, "validation_error", f"adding quantity {quantity}")
    assert "quantity" in (error.get("details") or {}), "the error details should name the 'quantity' field"
    assert get_cart(client)["items"] == [], "a refused add must not change the cart"


def test_quantity_true_is_not_a_number(client):
    """A quantity of true is refused with 400, even though Python treats True as 1."""
    error = assert_error(add(client, MUG, True), 400, "validation_error", "adding quantity true")
    assert "quantity" in (error.get("details") or {}), "the error details should name the 'quantity' field"
    assert get_cart(client)["items"] == [], "a refused add must not change the cart"


@pytest.mark.parametrize("quantity", ["2", 2.0, 1.5, None, [1]], ids=["string", "float", "fraction", "null", "list"])
def test_quantity_must_be_a_whole_number(client, quantity):
    """A quantity that is not a JSON whole number (a string, a float, null, a list) is refused with 400."""
    error = assert_error(add(client, MUG, quantity), 400, "validation_error", f"adding quantity {quantity!r}")
    assert "quantity" in (error.get("details") or {}), "the error details should name the 'quantity' field"


@pytest.mark.parametrize("quantity", [100, 10**20], ids=["100", "huge"])
def test_quantity_above_99_is_refused(client, quantity):
    """A quantity above 99 is refused with 400."""
    error = assert_error(add(client, BEANS, quantity), 400, "validation_error", f"adding quantity {quantity}")
    assert "quantity" in (error.get("details") or {}), "the error details should name the 'quantity' field"
    assert get_cart(client)["items"] == [], "a refused add must not change the cart"


def test_quantity_of_99_is_allowed(client):
    """A quantity of exactly 99 is the largest allowed."""
    assert added(client, BEANS, 99)["items"][0]["quantity"] == 99, "adding 99 items should be allowed"


def test_missing_fields_are_all_reported(client):
    """A body without product_id and quantity is refused with 400 naming both fields."""
    error = assert_error(client.post("/cart/items", json={}), 400, "validation_error", "adding with an empty object")
    details = error.get("details") or {}
    assert "product_id" in details and "quantity" in details, (
        f"the error details should name both missing fields, got {details}"
    )


@pytest.mark.parametrize("product_id", ["2", True, 2.0], ids=["string", "true", "float"])
def test_product_id_must_be_a_whole_number(client, product_id):
    """A product_id that is not a JSON whole number is refused with 400 naming the field."""
    error = assert_error(add(client, product_id, 1), 400, "validation_error", f"adding product_id {product_id!r}")
    assert "product_id" in (error.get("details") or {}), "the error details should name the 'product_id' field"
    assert get_cart(client)["items"] == [], "a refused add must not change the cart"


def test_a_line_cannot_grow_beyond_99(client):
    """Adding to a line so that it would hold more than 99 is refused and the line stays as it was."""
    added(client, BEANS, 60)
    error = assert_error(add(client, BEANS, 40), 400, "validation_error", "growing a line to 100")
    assert "quantity" in (error.get("details") or {}), "the error details should name the 'quantity' field"
    assert cart_quantities(client) == {1: 60}, "the line should still hold 60 after the refused add"


def test_malformed_json_answers_400(client):
    """A body that is not valid JSON answers 400 with code invalid_json, never a crash."""
    added(client, MUG, 1)
    response = client.post("/cart/items", data='{"product_id": 1, "quantity": ', content_type="application/json")
    assert_error(response, 400, "invalid_json", "posting malformed JSON")
    assert cart_quantities(client) == {2: 1}, "a refused add must not change the cart"


@pytest.mark.parametrize("body", [[1, 2], "2", 2, None], ids=["list", "string", "number", "null"])
def test_json_body_must_be_an_object(client, body):
    """A JSON body that is not an object (a list, a string, a number, null) answers 400 with code invalid_json."""
    response = client.post("/cart/items", data=json.dumps(body), content_type="application/json")
    assert_error(response, 400, "invalid_json", f"posting the JSON {body!r}")


def test_form_data_instead_of_json_answers_400(client):
    """A form-encoded body instead of JSON answers 400 with code invalid_json."""
    response = client.post("/cart/items", data={"product_id": "2", "quantity": "1"})
    assert_error(response, 400, "invalid_json", "posting a form instead of JSON")


def test_absurdly_nested_json_is_refused_without_crashing(client):
    """JSON nested thousands of levels deep is refused with a 4xx, never a 500."""
    depth = 5000
    response = client.post("/cart/items", data="[" * depth + "]" * depth, content_type="application/json")
    assert response.status_code in (400, 413), (
        f"deeply nested JSON should be refused with 400 (or 413), got {response.status_code}"
    )


def test_oversized_body_answers_413(client):
    """A request body larger than 16 KiB answers 413 and leaves the cart alone."""
    added(client, MUG, 1)
    body = '{"product_id": 1, "quantity": 1, "padding": "' + "x" * 20_000 + '"}'
    response = client.post("/cart/items", data=body, content_type="application/json")
    assert response.status_code == 413, f"a 20 kB body should answer 413, got {response.status_code}"
    assert cart_quantities(client) == {2: 1}, "a refused add must not change the cart"


def test_changing_a_quantity_sets_it(client):
    """PATCH /cart/items/<id> sets the line's quantity and answers 200 with the updated cart."""
    added(client, MUG, 2)
    response = client.patch(f"/cart/items/{MUG}", json={"quantity": 5})
    assert response.status_code == 200, f"changing a quantity should answer 200, got {response.status_code}"
    body = response.get_json()
    assert body["items"][0]["quantity"] == 5, f"the quantity should be set to 5 (not added), got {body['items'][0]}"
    assert body["total_cents"] == 6495, f"5 mugs should cost 6495 cents, got {body['total_cents']}"
    assert cart_quantities(client) == {2: 5}, "GET /cart should show the new quantity"


def test_changing_an_item_not_in_the_cart_answers_404(client):
    """Changing the quantity of a product that is not in the cart answers 404 and adds nothing."""
    added(client, BEANS, 1)
    response = client.patch(f"/cart/items/{MUG}", json={"quantity": 2})
    assert_error(response, 404, "not_in_cart", "changing a product that is not in the cart")
    assert cart_quantities(client) == {1: 1}, "a refused change must not add the product"


@pytest.mark.parametrize("quantity", [0, True, "3", 100], ids=["zero", "true", "string", "100"])
def test_changing_to_an_invalid_quantity_is_refused(client, quantity):
    """Changing a line to an invalid quantity (0, true, a string, 100) answers 400 and keeps the old quantity."""
    added(client, MUG, 2)
    response = client.patch(f"/cart/items/{MUG}", json={"quantity": quantity})
    error = assert_error(response, 400, "validation_error", f"changing the quantity to {quantity!r}")
    assert "quantity" in (error.get("details") or {}), "the error details should name the 'quantity' field"
    assert cart_quantities(client) == {2: 2}, "a refused change must keep the old quantity"


def test_removing_an_item_answers_204_and_drops_only_that_line(client):
    """DELETE /cart/items/<id> answers 204 with no body and removes only that product's line."""
    added(client, BEANS, 1)
    added(client, MUG, 2)
    response = client.delete(f"/cart/items/{BEANS}")
    assert response.status_code == 204, f"removing an item should answer 204, got {response.status_code}"
    assert response.data == b"", "a 204 answer has no body"
    assert cart_quantities(client) == {2: 2}, "only the beans should be gone from the cart"


def test_removing_an_item_not_in_the_cart_answers_404(client):
    """Removing a product that is not in the cart answers 404."""
    added(client, BEANS, 1)
    assert_error(client.delete(f"/cart/items/{MUG}"), 404, "not_in_cart", "removing a product not in the cart")
    assert cart_quantities(client) == {1: 1}, "a refused removal must not change the cart"


def test_two_clients_never_see_each_others_cart(client):
    """Every client has its own cart: what one adds never shows up in another's."""
    other = client.fresh()
    added(client, BEANS, 1)
    assert get_cart(other)["items"] == [], "a second client should start with an empty cart"
    added(other, MUG, 2)
    assert cart_quantities(client) == {1: 1}, "the first client's cart should only hold its own beans"
    assert cart_quantities(other) == {2: 2}, "the second client's cart should only hold its own mugs"


def test_forged_session_cookie_gives_an_empty_cart(client):
    """A session cookie with a forged signature is ignored: the cart is empty, nothing crashes."""
    # The payload is {"cart": [{"product_id": 2, "quantity": 99}]}; the signature is made up. A
    # Cookie header passed in headers= would be replaced by the client's (empty) cookie jar.
    client.set_cookie("session", "eyJjYXJ0IjpbeyJwcm9kdWN0X2lkIjoyLCJxdWFudGl0eSI6OTl9XX0.forged.signature")
    response = client.get("/cart")
    assert response.status_code == 200, f"GET /cart with a forged cookie should answer 200, got {response.status_code}"
    assert response.get_json() == {"items": [], "total_cents": 0}, (
        f"a forged cookie must not fill the cart, got {response.shown_body}"
    )


# --- checkout and orders ---------------------------------------------------------------------------


def test_checkout_answers_201_with_the_order(client):
    """POST /checkout answers 201 with order_id, the items and the total, and a Location header."""
    added(client, MUG, 2)
    added(client, BEANS, 1)
    response = checked_out(client)
    order = response.get_json()
    assert isinstance(order.get("order_id"), int), f"the order should have an integer order_id, got {order}"
    assert [(item["product_id"], item["quantity"]) for item in order["items"]] == [(2, 2), (1, 1)], (
        f"the order should hold the cart's lines, got {order['items']}"
    )
    assert order["total_cents"] == 2 * 1299 + 2450, f"the order total should be 5048 cents, got {order['total_cents']}"
    assert response.headers.get("Location") == f"/orders/{order['order_id']}", (
        f"the Location header should be /orders/{order['order_id']}, got {response.headers.get('Location')!r}"
    )


def test_checkout_empties_the_cart(client):
    """After a successful checkout the cart is empty."""
    added(client, MUG, 1)
    checked_out(client)
    assert get_cart(client) == {"items": [], "total_cents": 0}, "the cart should be empty after checkout"


def test_checkout_takes_the_ordered_stock(client):
    """A successful checkout lowers each product's stock by the quantity ordered."""
    added(client, BEANS, 4)
    added(client, MUG, 1)
    checked_out(client)
    assert stock_of(client, BEANS) == 6, "10 beans minus 4 ordered should leave 6"
    assert stock_of(client, MUG) == 4, "5 mugs minus 1 ordered should leave 4"
    assert stock_of(client, FROTHER) == 2, "products that were not ordered keep their stock"


def test_checkout_can_buy_the_last_items_in_stock(client):
    """Ordering exactly the stock that is left succeeds and leaves 0."""
    added(client, FROTHER, 2)
    checked_out(client)
    assert stock_of(client, FROTHER) == 0, "buying both frothers should leave 0 in stock"


def test_checkout_with_too_little_stock_answers_409(client):
    """Ordering more than the stock answers 409 with code insufficient_stock naming the product."""
    added(client, FROTHER, 3)
    error = assert_error(client.post("/checkout"), 409, "insufficient_stock", "checking out 3 frothers (2 in stock)")
    assert "3" in (error.get("details") or {}), (
        f"the error details should be keyed by the short product's id '3', got {error.get('details')}"
    )


def test_refused_checkout_changes_nothing(client):
    """When one line is short of stock, checkout takes no stock at all, creates no order and keeps the cart."""
    added(client, MUG, 1)
    added(client, FROTHER, 3)
    assert_error(client.post("/checkout"), 409, "insufficient_stock", "checking out with a short line")
    assert stock_of(client, MUG) == 5, "the mug's stock must not drop when the checkout is refused"
    assert stock_of(client, FROTHER) == 2, "the frother's stock must not drop when the checkout is refused"
    assert cart_quantities(client) == {2: 1, 3: 3}, "the cart must be kept as it was"
    assert client.get("/orders/1").status_code == 404, "a refused checkout must not create an order"


def test_sold_out_product_can_be_added_but_not_checked_out(client):
    """Stock is checked at checkout: a sold-out product can be added, but checking it out answers 409."""
    added(client, GIFT_CARD, 1)
    assert_error(client.post("/checkout"), 409, "insufficient_stock", "checking out a sold-out product")


def test_checkout_of_an_empty_cart_answers_409(client):
    """Checking out an empty cart answers 409 with code cart_empty and creates no order."""
    assert_error(client.post("/checkout"), 409, "cart_empty", "checking out an empty cart")
    added(client, MUG, 1)
    order = checked_out(client).get_json()
    assert order["order_id"] == 1, "the refused empty checkout must not have used up order 1"


def test_second_shopper_cannot_buy_stock_already_sold(client):
    """When another client has just bought the last items, checkout answers 409 and keeps the cart."""
    other = client.fresh()
    added(client, FROTHER, 2)
    added(other, FROTHER, 2)
    checked_out(client)
    assert_error(other.post("/checkout"), 409, "insufficient_stock", "buying frothers that were just sold out")
    assert cart_quantities(other) == {3: 2}, "the refused shopper's cart must be kept"
    assert stock_of(client, FROTHER) == 0, "stock must never go below 0"


def test_order_can_be_read_back(client):
    """GET /orders/<id> answers the order exactly as checkout did."""
    added(client, BEANS, 2)
    response = checked_out(client)
    read_back = client.get(response.headers["Location"])
    assert read_back.status_code == 200, f"GET of the new order should answer 200, got {read_back.status_code}"
    assert read_back.get_json() == response.get_json(), "the order read back should equal the checkout answer"


def test_order_does_not_change_when_the_cart_does(client):
    """An order keeps its items after the client fills a new cart."""
    added(client, MUG, 1)
    order = checked_out(client).get_json()
    added(client, BEANS, 3)
    read_back = client.get(f"/orders/{order['order_id']}").get_json()
    assert read_back == order, f"the order should still be {order}, got {read_back}"


def test_each_checkout_creates_a_new_order(client):
    """Two checkouts create two orders with different ids, both readable."""
    added(client, MUG, 1)
    first = checked_out(client).get_json()
    added(client, BEANS, 1)
    second = checked_out(client).get_json()
    assert first["order_id"] != second["order_id"], "each checkout should create a new order id"
    assert client.get(f"/orders/{first['order_id']}").get_json() == first, "the first order should still be readable"
    assert client.get(f"/orders/{second['order_id']}").get_json() == second, "the second order should be readable"


def test_unknown_order_answers_404(client):
    """Asking for an order that does not exist answers 404 with code order_not_found."""
    assert_error(client.get("/orders/42"), 404, "order_not_found", "GET /orders/42")


def test_another_clients_order_is_not_found(client):
    """An order is visible only to the client that placed it; others get 404."""
    added(client, MUG, 1)
    location = checked_out(client).headers["Location"]
    assert_error(client.fresh().get(location), 404, "order_not_found", "reading someone else's order")


# --- errors outside the routes -------------------------------------------------------------------


def test_unknown_url_answers_json_404(client):
    """An unknown URL answers 404 with the JSON error envelope, not an HTML page."""
    response = client.get("/no-such-page")
    assert response.status_code == 404, f"an unknown URL should answer 404, got {response.status_code}"
    assert error_of(response), f"the 404 should use the JSON error envelope, got {response.shown_body}"


def test_wrong_method_answers_json_405(client):
    """A method a URL does not support answers 405 with the JSON error envelope."""
    response = client.delete("/products")
    assert response.status_code == 405, f"DELETE /products should answer 405, got {response.status_code}"
    assert error_of(response), f"the 405 should use the JSON error envelope, got {response.shown_body}"
