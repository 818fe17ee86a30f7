"""Hidden specification tests for the products API (crud_api) exercise.

They talk to the learner's app only through the contract's ``client`` fixture and
``make_client()`` (a second, separate app). Every app starts with an empty catalogue, so each
test creates the products it needs.
"""

import json

import pytest

from autograder.material.api_errors import assert_error, error_of

MUG = {"sku": "MUG-001", "name": "Ceramic mug", "price_cents": 1299, "stock": 5}
BEANS = {"sku": "BEANS-1KG", "name": "Espresso beans, 1 kg", "price_cents": 2450, "stock": 10}
UNKNOWN_ID = 999


# --- helpers -------------------------------------------------------------------------------------


def created(client, **fields):
    """POST a product (the mug unless told otherwise) and return its JSON."""
    body = {**MUG, **fields}
    response = client.post("/products", json=body)
    assert response.status_code == 201, (
        f"creating {body} should answer 201, got {response.status_code}: {response.shown_body}"
    )
    return response.get_json()


def many(client, count, **fields):
    """Create ``count`` products with SKUs P-001, P-002, ...; return their ids."""
    return [
        created(client, sku=f"P-{number:03}", name=f"Product {number}", price_cents=100 * number, **fields)["id"]
        for number in range(1, count + 1)
    ]


def fetched(client, product_id):
    response = client.get(f"/products/{product_id}")
    assert response.status_code == 200, f"GET /products/{product_id} should answer 200, got {response.status_code}"
    return response


def listed(client, **query):
    response = client.get("/products", query_string=query)
    assert response.status_code == 200, (
        f"GET /products with {query} should answer 200, got {response.status_code}: {response.shown_body}"
    )
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("items"), list), (
        f'GET /products should answer {{"items": [...], "total", "page", ...}}, got {response.shown_body}'
    )
    return body


def ids(page):
    return [item.get("id") for item in page["items"]]


def etag_of(response):
    etag = response.headers.get("ETag")
    assert etag, f"the answer should carry an ETag header, got headers {dict(response.headers)}"
    return etag


def assert_invalid(response, fields, doing):
    """A 422 validation_error whose details name every field in ``fields``."""
    error = assert_error(response, 422, "validation_error", doing)
    details = error.get("details")
    assert isinstance(details, dict), f"{doing}: the error should have a 'details' object, got {error}"
    missing = [field for field in fields if field not in details]
    assert not missing, f"{doing}: the error details should name {missing}, got {details}"
    return details


def total_of(client):
    return listed(client)["total"]


# --- creating ------------------------------------------------------------------------------------


def test_create_answers_201_with_the_product(client):
    """POST /products answers 201 with the new product: id, sku, name, price_cents and stock."""
    response = client.post("/products", json=MUG)
    assert response.status_code == 201, f"creating a product should answer 201, got {response.status_code}"
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("id"), int), (
        f"the answer should have an integer id, got {body}"
    )
    assert body == {"id": body["id"], **MUG}, f"the answer should be the product {MUG} with its id, got {body}"


def test_create_sets_location_to_the_new_product(client):
    """The 201 has a Location header that leads to the new product."""
    response = client.post("/products", json=MUG)
    product = response.get_json()
    location = response.headers.get("Location")
    assert location == f"/products/{product['id']}", (
        f"the Location header should be /products/{product['id']}, got {location!r}"
    )
    assert fetched(client, product["id"]).get_json() == product, "GET of the Location should answer the product created"


def test_stock_defaults_to_zero(client):
    """A product created without a stock has a stock of 0."""
    body = {key: value for key, value in MUG.items() if key != "stock"}
    response = client.post("/products", json=body)
    assert response.status_code == 201, (
        f"creating a product without a stock should answer 201, got {response.status_code}"
    )
    product = response.get_json()
    assert isinstance(product, dict) and product.get("stock") == 0, f"the stock should default to 0, got {product}"


def test_sku_is_stored_upper_case_and_the_name_trimmed(client):
    """The SKU is stored upper-cased and the name without surrounding spaces."""
    product = created(client, sku="mug-001", name="  Ceramic mug  ")
    assert (product["sku"], product["name"]) == ("MUG-001", "Ceramic mug"), (
        f"the product should be stored as MUG-001 / 'Ceramic mug', got {product['sku']!r} / {product['name']!r}"
    )


def test_a_new_app_has_an_empty_catalogue(client):
    """A new app lists no products: items [], total 0, page 1, pages 0, has_next false."""
    page = listed(client)
    expected = {"items": [], "total": 0, "page": 1, "per_page": 10, "pages": 0, "has_next": False}
    assert page == expected, f"an empty catalogue should list as {expected}, got {page}"


def test_two_apps_never_share_products(client, make_client):
    """Each app has a database of its own: a product created in one is not in another."""
    created(client)
    other = make_client()
    assert listed(other)["total"] == 0, "a second app should start with an empty catalogue"
    other_mug = other.post("/products", json=MUG)
    assert other_mug.status_code == 201, (
        f"the second app should accept the SKU MUG-001 as its own, got {other_mug.status_code}"
    )


def test_limits_are_inclusive(client):
    """The boundary values are accepted: price 0 and 10000000, stock 1000000, SKUs of 3 and 32, a 100-character name."""
    created(client, sku="ABC", price_cents=0, stock=0)
    created(client, sku="X" * 32, name="n" * 100, price_cents=10_000_000, stock=1_000_000)


# --- validation ----------------------------------------------------------------------------------


def test_missing_fields_are_all_reported(client):
    """An empty object is refused with 422 naming sku, name and price_cents, and nothing is created."""
    assert_invalid(client.post("/products", json={}), ["sku", "name", "price_cents"], "creating from {}")
    assert total_of(client) == 0, "a refused create must not create a product"


def test_every_invalid_field_is_reported_at_once(client):
    """A body with a bad SKU and a bad price is refused with 422 naming both."""
    response = client.post("/products", json={**MUG, "sku": "no spaces", "price_cents": -5})
    assert_invalid(response, ["sku", "price_cents"], "creating with a bad sku and a bad price")


@pytest.mark.parametrize(
    "price",
    [-1, 10_000_001, 10**20, 12.5, 1299.0, "1299", None, True],
    ids=["negative", "too-high", "huge", "fraction", "float", "string", "null", "true"],
)
def test_invalid_price_is_refused(client, price):
    """A price that is not a whole number from 0 to 10000000 is refused with 422 and nothing is created."""
    assert_invalid(
        client.post("/products", json={**MUG, "price_cents": price}),
        ["price_cents"],
        f"creating with price_cents {price!r}",
    )
    assert total_of(client) == 0, "a refused create must not create a product"


@pytest.mark.parametrize(
    "stock", [-1, 1_000_001, True, "5", 2.5], ids=["negative", "too-high", "true", "string", "float"]
)
def test_invalid_stock_is_refused(client, stock):
    """A stock that is not a whole number from 0 to 1000000 is refused with 422."""
    assert_invalid(client.post("/products", json={**MUG, "stock": stock}), ["stock"], f"creating with stock {stock!r}")
    assert total_of(client) == 0, "a refused create must not create a product"


@pytest.mark.parametrize(
    "sku",
    ["", "AB", "A" * 33, "MUG 001", "MUG_001", 1001, None],
    ids=["empty", "too-short", "too-long", "space", "underscore", "number", "null"],
)
def test_invalid_sku_is_refused(client, sku):
    """A SKU that is not 3 to 32 letters, digits or hyphens is refused with 422."""
    assert_invalid(client.post("/products", json={**MUG, "sku": sku}), ["sku"], f"creating with sku {sku!r}")


@pytest.mark.parametrize("name", ["", "   ", "n" * 101, 42, None], ids=["empty", "blank", "too-long", "number", "null"])
def test_invalid_name_is_refused(client, name):
    """A name that is empty, blank, longer than 100 characters or not a string is refused with 422."""
    assert_invalid(client.post("/products", json={**MUG, "name": name}), ["name"], f"creating with name {name!r}")


def test_unknown_fields_are_refused(client):
    """Fields that are not a product's, the id included, are refused with 422 naming each one."""
    response = client.post("/products", json={**MUG, "id": 42, "colour": "blue"})
    assert_invalid(response, ["id", "colour"], "creating with the fields id and colour")
    assert total_of(client) == 0, "a refused create must not create a product"


def test_malformed_json_answers_400(client):
    """A body that is not valid JSON answers 400 with code invalid_json."""
    response = client.post("/products", data='{"sku": "MUG-001", ', content_type="application/json")
    assert_error(response, 400, "invalid_json", "posting malformed JSON")


@pytest.mark.parametrize("body", [[MUG], "MUG-001", 7, None], ids=["list", "string", "number", "null"])
def test_json_body_must_be_an_object(client, body):
    """A JSON body that is not an object (a list, a string, a number, null) answers 400 with code invalid_json."""
    response = client.post("/products", data=json.dumps(body), content_type="application/json")
    assert_error(response, 400, "invalid_json", f"posting the JSON {body!r}")


def test_form_data_instead_of_json_answers_400(client):
    """A form-encoded body instead of JSON answers 400 with code invalid_json."""
    response = client.post("/products", data={"sku": "MUG-001", "name": "Mug", "price_cents": "1299"})
    assert_error(response, 400, "invalid_json", "posting a form instead of JSON")


def test_oversized_body_answers_413(client):
    """A request body larger than 16 KiB answers 413 and creates nothing."""
    body = json.dumps({**MUG, "padding": "x" * 20_000})
    response = client.post("/products", data=body, content_type="application/json")
    assert response.status_code == 413, f"a 20 kB body should answer 413, got {response.status_code}"
    assert total_of(client) == 0, "a refused create must not create a product"


# --- unique SKUs ---------------------------------------------------------------------------------


def test_duplicate_sku_answers_409(client):
    """Creating a second product with a SKU already in use answers 409 sku_taken and creates nothing."""
    created(client)
    assert_error(
        client.post("/products", json={**BEANS, "sku": MUG["sku"]}), 409, "sku_taken", "creating a second MUG-001"
    )
    assert total_of(client) == 1, "a refused create must not create a product"


def test_duplicate_sku_ignores_case(client):
    """SKUs are unique whatever their case: mug-001 clashes with MUG-001."""
    created(client)
    assert_error(client.post("/products", json={**BEANS, "sku": "mug-001"}), 409, "sku_taken", "creating mug-001")


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_to_another_products_sku_answers_409(client, method):
    """Changing a product's SKU to one another product has answers 409 and changes nothing."""
    created(client)
    beans = created(client, **BEANS)
    response = getattr(client, method)(f"/products/{beans['id']}", json={**BEANS, "sku": "MUG-001"})
    assert_error(response, 409, "sku_taken", f"{method.upper()} of the beans to the mug's SKU")
    assert fetched(client, beans["id"]).get_json() == beans, "a refused update must not change the product"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_keeping_its_own_sku_is_allowed(client, method):
    """Updating a product with the SKU it already has is not a clash with itself."""
    mug = created(client)
    response = getattr(client, method)(f"/products/{mug['id']}", json={**MUG, "price_cents": 1499})
    assert response.status_code == 200, (
        f"{method.upper()} that keeps the product's own SKU should answer 200, got {response.status_code}"
    )
    assert response.get_json()["price_cents"] == 1499, "the new price should be saved"


def test_sku_of_a_deleted_product_can_be_used_again(client):
    """Once a product is deleted, its SKU is free for a new product."""
    mug = created(client)
    assert client.delete(f"/products/{mug['id']}").status_code == 204, "deleting the product should answer 204"
    created(client)


# --- reading -------------------------------------------------------------------------------------


def test_get_answers_the_product_with_an_etag(client):
    """GET /products/<id> answers 200 with the product and a quoted ETag, the same one the create gave."""
    response = client.post("/products", json=MUG)
    product = response.get_json()
    read = fetched(client, product["id"])
    assert read.get_json() == product, f"GET should answer the product created, got {read.shown_body}"
    etag = etag_of(read)
    assert etag.startswith('"') and etag.endswith('"'), f"an ETag is a quoted string, got {etag!r}"
    assert response.headers.get("ETag") == etag, (
        "the create's ETag should equal the ETag GET gives for the same product"
    )


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_unknown_product_answers_404(client, method):
    """Reading, updating or deleting a product that does not exist answers 404 with code product_not_found."""
    kwargs = {} if method in ("get", "delete") else {"json": MUG}
    response = getattr(client, method)(f"/products/{UNKNOWN_ID}", **kwargs)
    assert_error(response, 404, "product_not_found", f"{method.upper()} /products/{UNKNOWN_ID}")
    assert total_of(client) == 0, f"{method.upper()} of an unknown product must not create one"


def test_huge_id_answers_404(client):
    """A product id far beyond any real one answers 404, not a crash."""
    assert_error(client.get(f"/products/{10**30}"), 404, "product_not_found", "GET /products/10**30")


# --- updating ------------------------------------------------------------------------------------


def test_put_replaces_every_field(client):
    """PUT /products/<id> replaces every field and answers 200 with the product; GET shows it."""
    mug = created(client)
    response = client.put(f"/products/{mug['id']}", json=BEANS)
    assert response.status_code == 200, f"PUT should answer 200, got {response.status_code}"
    expected = {"id": mug["id"], **BEANS}
    assert response.get_json() == expected, f"PUT should answer {expected}, got {response.shown_body}"
    assert fetched(client, mug["id"]).get_json() == expected, "GET should show the replaced product"


def test_put_requires_every_field(client):
    """A PUT without the stock is refused with 422 naming stock, and the product is unchanged."""
    mug = created(client)
    body = {key: value for key, value in MUG.items() if key != "stock"}
    assert_invalid(
        client.put(f"/products/{mug['id']}", json={**body, "price_cents": 1}), ["stock"], "PUT without the stock"
    )
    assert fetched(client, mug["id"]).get_json() == mug, "a refused PUT must not change the product"


def test_patch_changes_only_the_given_fields(client):
    """PATCH /products/<id> changes the fields it sends and keeps the others."""
    mug = created(client)
    response = client.patch(f"/products/{mug['id']}", json={"price_cents": 999})
    assert response.status_code == 200, f"PATCH should answer 200, got {response.status_code}"
    expected = {**mug, "price_cents": 999}
    assert response.get_json() == expected, f"PATCH of the price should answer {expected}, got {response.shown_body}"
    assert fetched(client, mug["id"]).get_json() == expected, "the other fields (stock 5 included) must be kept"


@pytest.mark.parametrize(
    ("method", "body"),
    [("patch", {"price_cents": -1}), ("patch", {"id": 7}), ("put", {**BEANS, "stock": "lots"})],
    ids=["patch-price", "patch-id", "put-stock"],
)
def test_refused_update_changes_nothing(client, method, body):
    """An update refused with 422 leaves the product and its ETag exactly as they were."""
    mug = created(client)
    before = fetched(client, mug["id"])
    response = getattr(client, method)(f"/products/{mug['id']}", json=body)
    assert response.status_code == 422, f"{method.upper()} with {body} should answer 422, got {response.status_code}"
    after = fetched(client, mug["id"])
    assert after.get_json() == mug, f"a refused update must not change the product, got {after.shown_body}"
    assert etag_of(after) == etag_of(before), "a refused update must not change the ETag"


def test_update_body_must_be_a_json_object(client):
    """A PATCH whose body is not a JSON object answers 400 with code invalid_json."""
    mug = created(client)
    response = client.patch(f"/products/{mug['id']}", data="[1]", content_type="application/json")
    assert_error(response, 400, "invalid_json", "PATCH with a JSON list")


# --- ETag and If-Match ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"price_cents": 1}, {"stock": 6}, {"name": "Big mug"}, {"sku": "MUG-002"}],
    ids=["price", "stock", "name", "sku"],
)
def test_etag_changes_whenever_the_product_does(client, change):
    """Any change to a product gives it a new ETag, and the update's answer carries the new one."""
    mug = created(client)
    before = etag_of(fetched(client, mug["id"]))
    response = client.patch(f"/products/{mug['id']}", json=change)
    assert response.status_code == 200, f"PATCH {change} should answer 200, got {response.status_code}"
    after = etag_of(fetched(client, mug["id"]))
    assert after != before, f"changing {list(change)} should change the ETag, it stayed {before}"
    assert response.headers.get("ETag") == after, "the update's answer should carry the product's new ETag"


def test_update_with_the_current_etag_succeeds(client):
    """A PATCH with If-Match set to the current ETag answers 200."""
    mug = created(client)
    etag = etag_of(fetched(client, mug["id"]))
    response = client.patch(f"/products/{mug['id']}", json={"stock": 4}, headers={"If-Match": etag})
    assert response.status_code == 200, f"If-Match with the current ETag should answer 200, got {response.status_code}"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_stale_if_match_answers_412_and_changes_nothing(client, method):
    """PUT, PATCH or DELETE with an If-Match of an older version answers 412 and changes nothing."""
    mug = created(client)
    stale = etag_of(fetched(client, mug["id"]))
    current = client.patch(f"/products/{mug['id']}", json={"stock": 4}).get_json()
    kwargs = {} if method == "delete" else {"json": BEANS}
    response = getattr(client, method)(f"/products/{mug['id']}", headers={"If-Match": stale}, **kwargs)
    assert_error(response, 412, "precondition_failed", f"{method.upper()} with a stale If-Match")
    assert fetched(client, mug["id"]).get_json() == current, f"a refused {method.upper()} must not change the product"


def test_lost_update_is_prevented(client):
    """Two clients read a product; one changes only the price; the other's update with the old ETag answers 412."""
    mug = created(client)
    other = client.fresh()
    seen_by_other = etag_of(fetched(other, mug["id"]))
    client.patch(f"/products/{mug['id']}", json={"price_cents": 1599})
    response = other.patch(f"/products/{mug['id']}", json={"stock": 0}, headers={"If-Match": seen_by_other})
    assert_error(response, 412, "precondition_failed", "an update based on a version from before the price change")
    assert fetched(client, mug["id"]).get_json() == {**mug, "price_cents": 1599}, "the first client's change must stand"


@pytest.mark.parametrize("header", ['"not-the-etag"', "*-garbage", 'W/"weak"'], ids=["other", "garbage", "weak"])
def test_if_match_that_names_no_current_version_answers_412(client, header):
    """An If-Match that is not the product's current (strong) ETag answers 412."""
    mug = created(client)
    response = client.put(f"/products/{mug['id']}", json=BEANS, headers={"If-Match": header})
    assert_error(response, 412, "precondition_failed", f"PUT with If-Match: {header}")


def test_if_match_star_matches_any_version(client):
    """If-Match: * lets an update of an existing product through."""
    mug = created(client)
    response = client.put(f"/products/{mug['id']}", json=BEANS, headers={"If-Match": "*"})
    assert response.status_code == 200, f"PUT with If-Match: * should answer 200, got {response.status_code}"


# --- deleting ------------------------------------------------------------------------------------


def test_delete_answers_204_and_the_product_is_gone(client):
    """DELETE /products/<id> answers 204 with no body; the product then answers 404 and leaves the list."""
    mug = created(client)
    beans = created(client, **BEANS)
    response = client.delete(f"/products/{mug['id']}")
    assert response.status_code == 204, f"DELETE should answer 204, got {response.status_code}"
    assert response.data == b"", "a 204 answer has no body"
    assert_error(client.get(f"/products/{mug['id']}"), 404, "product_not_found", "GET of a deleted product")
    assert ids(listed(client)) == [beans["id"]], "only the beans should be left in the list"


def test_delete_with_the_current_etag_succeeds(client):
    """A DELETE with If-Match set to the current ETag answers 204."""
    mug = created(client)
    etag = etag_of(fetched(client, mug["id"]))
    response = client.delete(f"/products/{mug['id']}", headers={"If-Match": etag})
    assert response.status_code == 204, f"DELETE with the current ETag should answer 204, got {response.status_code}"


# --- listing: pagination -------------------------------------------------------------------------


def test_list_pages_hold_per_page_products_with_metadata(client):
    """Page 2 of 12 products at 5 a page holds products 6 to 10 with total 12, pages 3 and has_next true."""
    product_ids = many(client, 12)
    page = listed(client, page=2, per_page=5)
    assert ids(page) == product_ids[5:10], f"page 2 should hold the 6th to 10th products, got ids {ids(page)}"
    metadata = {key: page.get(key) for key in ("total", "page", "per_page", "pages", "has_next")}
    expected = {"total": 12, "page": 2, "per_page": 5, "pages": 3, "has_next": True}
    assert metadata == expected, f"page 2 should have the metadata {expected}, got {metadata}"


def test_first_page_is_the_default(client):
    """Without page or per_page, the list is page 1 of 10 products."""
    product_ids = many(client, 12)
    page = listed(client)
    assert ids(page) == product_ids[:10], f"the default page should hold the first 10 products, got {ids(page)}"
    assert (page.get("page"), page.get("per_page"), page.get("pages")) == (1, 10, 2), (
        f"the default page should be page 1 of 2 at 10 a page, got {page}"
    )


def test_last_page_has_no_next(client):
    """The last page holds what is left and has_next is false."""
    product_ids = many(client, 12)
    page = listed(client, page=3, per_page=5)
    assert ids(page) == product_ids[10:], f"page 3 of 12 products at 5 a page should hold the last 2, got {ids(page)}"
    assert page.get("has_next") is False, f"the last page should have has_next false, got {page.get('has_next')!r}"


def test_a_full_last_page_has_no_next(client):
    """With exactly 10 products at 5 a page there are 2 pages and page 2 has no next."""
    many(client, 10)
    page = listed(client, page=2, per_page=5)
    assert (page.get("pages"), page.get("has_next")) == (2, False), (
        f"10 products at 5 a page are 2 pages, the second without a next, got pages {page.get('pages')} "
        f"and has_next {page.get('has_next')!r}"
    )


@pytest.mark.parametrize("page_number", [4, 10**20], ids=["next-after-last", "huge"])
def test_a_page_past_the_last_is_empty(client, page_number):
    """A page past the last one answers 200 with no items, the real total and pages, and has_next false."""
    many(client, 3)
    page = listed(client, page=page_number, per_page=1)
    assert page["items"] == [], f"page {page_number} of 3 should be empty, got ids {ids(page)}"
    assert (page.get("total"), page.get("pages"), page.get("has_next")) == (3, 3, False), (
        f"page {page_number} should still report total 3, pages 3 and has_next false, got {page}"
    )


def test_per_page_of_100_is_allowed(client):
    """per_page may be as large as 100."""
    page = listed(client, per_page=100)
    assert page.get("per_page") == 100, f"per_page=100 should be accepted, got {page}"


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("page", "0"),
        ("page", "-1"),
        ("page", "two"),
        ("page", "1.5"),
        ("per_page", "0"),
        ("per_page", "101"),
        ("per_page", "ten"),
    ],
    ids=["page-0", "page-negative", "page-word", "page-fraction", "per_page-0", "per_page-101", "per_page-word"],
)
def test_out_of_bounds_paging_is_refused(client, parameter, value):
    """A page below 1, a per_page outside 1 to 100, or a value that is not a whole number answers 422 naming it."""
    response = client.get("/products", query_string={parameter: value})
    assert_invalid(response, [parameter], f"GET /products?{parameter}={value}")


# --- listing: sorting and filtering ---------------------------------------------------------------


def test_sort_by_price_ascending_and_descending(client):
    """sort=price_cents lists cheapest first, sort=-price_cents dearest first, equal prices by id."""
    cheap = created(client, sku="CHEAP", price_cents=100)["id"]
    dear = created(client, sku="DEAR", price_cents=900)["id"]
    middle_a = created(client, sku="MID-A", price_cents=500)["id"]
    middle_b = created(client, sku="MID-B", price_cents=500)["id"]
    ascending = ids(listed(client, sort="price_cents"))
    assert ascending == [cheap, middle_a, middle_b, dear], (
        f"sort=price_cents should list cheapest first, equal prices by id, got {ascending}"
    )
    descending = ids(listed(client, sort="-price_cents"))
    assert descending == [dear, middle_a, middle_b, cheap], (
        f"sort=-price_cents should list dearest first, equal prices by id, got {descending}"
    )


def test_sort_by_name(client):
    """sort=name lists the products by name."""
    created(client, sku="C-1", name="Cup")
    created(client, sku="A-1", name="Apron")
    created(client, sku="B-1", name="Beans")
    names = [item["name"] for item in listed(client, sort="name")["items"]]
    assert names == ["Apron", "Beans", "Cup"], f"sort=name should list Apron, Beans, Cup, got {names}"


@pytest.mark.parametrize(
    "sort",
    ["colour", "-secret", "", "--price_cents", "__class__"],
    ids=["unknown", "unknown-descending", "empty", "double-minus", "dunder"],
)
def test_sort_outside_the_whitelist_is_refused(client, sort):
    """Sorting on anything but id, sku, name, price_cents or stock answers 422 naming sort."""
    created(client)
    assert_invalid(client.get("/products", query_string={"sort": sort}), ["sort"], f"GET /products?sort={sort}")


def test_price_range_filter_is_inclusive(client):
    """min_price_cents and max_price_cents keep the products priced from min to max, both included."""
    many(client, 6)  # prices 100, 200, ..., 600
    page = listed(client, min_price_cents=200, max_price_cents=400)
    prices = [item["price_cents"] for item in page["items"]]
    assert prices == [200, 300, 400], f"200 to 400 should keep the prices 200, 300 and 400, got {prices}"


def test_name_filter_is_a_case_insensitive_substring(client):
    """name=MUG keeps every product whose name contains mug, whatever the case."""
    mug = created(client, sku="MUG-1", name="Ceramic mug")["id"]
    created(client, sku="BEANS", name="Beans")
    travel = created(client, sku="MUG-2", name="Mugs for travel")["id"]
    assert ids(listed(client, name="MUG")) == [mug, travel], "name=MUG should keep the two mugs"


def test_name_filter_takes_wildcards_literally(client):
    """A % or _ in the name filter is a character to find, not a wildcard that matches anything."""
    created(client, sku="MUG-1", name="Ceramic mug")
    sale = created(client, sku="SALE", name="Mugs 50% off")["id"]
    assert ids(listed(client, name="%")) == [sale], "name=% should keep only the name that contains a %"
    assert listed(client, name="_")["items"] == [], "name=_ should keep no product: none has an underscore"


@pytest.mark.parametrize(("value", "expected"), [("true", "in"), ("false", "out")], ids=["true", "false"])
def test_in_stock_filter(client, value, expected):
    """in_stock=true keeps the products with stock, in_stock=false the sold-out ones."""
    stocked = created(client, sku="IN-1", stock=3)["id"]
    sold_out = created(client, sku="OUT-1", stock=0)["id"]
    wanted = [stocked] if expected == "in" else [sold_out]
    assert ids(listed(client, in_stock=value)) == wanted, f"in_stock={value} should keep only product {wanted}"


def test_sku_filter_finds_one_product_whatever_the_case(client):
    """sku=mug-001 finds the product with the SKU MUG-001."""
    created(client, **BEANS)
    mug = created(client)["id"]
    assert ids(listed(client, sku="mug-001")) == [mug], "sku=mug-001 should find MUG-001 only"


def test_total_and_pages_count_only_matching_products(client):
    """With a filter, total, pages and has_next count the matching products, not the whole catalogue."""
    many(client, 6, stock=0)
    many_in_stock = [created(client, sku=f"IN-{number}", stock=1)["id"] for number in range(3)]
    page = listed(client, in_stock="true", per_page=2)
    summary = (ids(page), page.get("total"), page.get("pages"), page.get("has_next"))
    assert summary == (many_in_stock[:2], 3, 2, True), (
        f"3 products in stock at 2 a page should give their first 2, total 3, pages 2, has_next true, got {summary}"
    )


def test_filters_sorting_and_paging_combine(client):
    """Filters, sort and page apply together: the second page of the dearest products in a price range."""
    many(client, 10)  # prices 100 to 1000
    page = listed(client, min_price_cents=300, max_price_cents=800, sort="-price_cents", per_page=4, page=2)
    prices = [item["price_cents"] for item in page["items"]]
    assert (prices, page.get("total"), page.get("has_next")) == ([400, 300], 6, False), (
        f"page 2 of 300 to 800 dearest first, 4 a page, should be prices [400, 300] of 6, "
        f"got {prices} of {page.get('total')}"
    )


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("colour", "blue"), ("in_stock", "yes"), ("min_price_cents", "cheap"), ("max_price_cents", "-1")],
    ids=["unknown", "in_stock-yes", "min-word", "max-negative"],
)
def test_bad_list_parameters_are_refused(client, parameter, value):
    """An unknown query parameter or a filter value out of its rules answers 422 naming the parameter."""
    assert_invalid(
        client.get("/products", query_string={parameter: value}), [parameter], f"GET /products?{parameter}={value}"
    )


# --- errors outside the routes -------------------------------------------------------------------


def test_unknown_url_answers_json_404(client):
    """An unknown URL answers 404 with the JSON error envelope, not an HTML page."""
    response = client.get("/no-such-page")
    assert response.status_code == 404, f"an unknown URL should answer 404, got {response.status_code}"
    assert error_of(response), f"the 404 should use the JSON error envelope, got {response.shown_body}"


@pytest.mark.parametrize(
    ("method", "path"), [("delete", "/products"), ("post", "/products/1")], ids=["delete-list", "post-item"]
)
def test_wrong_method_answers_json_405_with_allow(client, method, path):
    """A method a URL does not support answers 405 with the JSON envelope and an Allow header."""
    created(client)
    response = getattr(client, method)(path)
    assert response.status_code == 405, f"{method.upper()} {path} should answer 405, got {response.status_code}"
    assert error_of(response), f"the 405 should use the JSON error envelope, got {response.shown_body}"
    assert response.headers.get("Allow"), "a 405 must list the allowed methods in an Allow header"
