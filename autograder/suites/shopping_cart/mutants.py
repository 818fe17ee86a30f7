"""Realistic bugs planted in the reference shopping cart app to measure the learner's tests."""

from autograder.material.mutants import Mutant

MUTANTS = [
    Mutant(
        id="checkout_keeps_cart",
        description="checkout does not empty the cart",
        replacements=[("    save_cart([])\n", "")],
    ),
    Mutant(
        id="checkout_ignores_stock",
        description="checkout sells more than the stock (no 409 when stock is short)",
        replacements=[
            (
                (
                    "        if shortages:\n"
                    '            raise ApiError(409, "insufficient_stock", "Not enough stock for some items.", shortages)\n'
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="last_items_not_sold",
        description="checkout refuses to sell the last items in stock (off by one)",
        replacements=[('if product.stock < line["quantity"]:', 'if product.stock <= line["quantity"]:')],
    ),
    Mutant(
        id="checkout_not_all_or_nothing",
        description="a checkout refused for one short line still takes the stock of the lines before it",
        replacements=[
            (
                (
                    "        shortages = {}\n"
                    "        for line in lines:\n"
                    '            product = shop.products[line["product_id"]]\n'
                    '            if product.stock < line["quantity"]:\n'
                    '                shortages[str(product.id)] = f"only {product.stock} left"\n'
                    "        if shortages:\n"
                    '            raise ApiError(409, "insufficient_stock", "Not enough stock for some items.", shortages)\n'
                    "        for line in lines:\n"
                    '            shop.products[line["product_id"]].stock -= line["quantity"]\n'
                ),
                (
                    "        for line in lines:\n"
                    '            product = shop.products[line["product_id"]]\n'
                    '            if product.stock < line["quantity"]:\n'
                    '                details = {str(product.id): f"only {product.stock} left"}\n'
                    '                raise ApiError(409, "insufficient_stock", "Not enough stock for some items.", details)\n'
                    '            product.stock -= line["quantity"]\n'
                ),
            )
        ],
    ),
    Mutant(
        id="stock_not_taken",
        description="checkout does not lower the stock of the products ordered",
        replacements=[
            (
                '        for line in lines:\n            shop.products[line["product_id"]].stock -= line["quantity"]\n',
                "",
            )
        ],
    ),
    Mutant(
        id="empty_checkout_allowed",
        description="checking out an empty cart creates an empty order instead of answering 409",
        replacements=[
            (
                (
                    "    if not lines:\n"
                    '        raise ApiError(409, "cart_empty", "The cart is empty: add a product before checking out.")\n'
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="add_replaces_quantity",
        description="adding a product already in the cart replaces its quantity instead of adding to it",
        replacements=[('new_quantity = line["quantity"] + quantity', "new_quantity = quantity")],
    ),
    Mutant(
        id="patch_adds_quantity",
        description="PATCH adds to the line's quantity instead of setting it",
        replacements=[('    line["quantity"] = quantity\n', '    line["quantity"] += quantity\n')],
    ),
    Mutant(
        id="bool_quantity_accepted",
        description="true is accepted as a quantity (Python counts True as the integer 1)",
        replacements=[(" and not isinstance(value, bool)", "")],
    ),
    Mutant(
        id="zero_quantity_accepted",
        description="a quantity of 0 is accepted",
        replacements=[("1 <= value <= MAX_QUANTITY", "0 <= value <= MAX_QUANTITY")],
    ),
    Mutant(
        id="no_quantity_limit",
        description="quantities above 99 are accepted",
        replacements=[("1 <= value <= MAX_QUANTITY", "1 <= value")],
    ),
    Mutant(
        id="line_grows_past_limit",
        description="adding to an existing line lets it grow beyond 99",
        replacements=[
            (
                (
                    "        if new_quantity > MAX_QUANTITY:\n"
                    '            raise invalid_fields({"quantity": f"a cart line holds at most {MAX_QUANTITY} items"})\n'
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="float_money",
        description="line totals are floats (3897.0) instead of whole cents (3897)",
        replacements=[
            (
                '"line_total_cents": product.price_cents * line["quantity"],',
                '"line_total_cents": product.price_cents / 100 * line["quantity"] * 100,',
            )
        ],
    ),
    Mutant(
        id="total_ignores_quantity",
        description="the cart total adds up unit prices and ignores quantities",
        replacements=[
            (
                'sum(item["line_total_cents"] for item in items)',
                'sum(item["unit_price_cents"] for item in items)',
            )
        ],
    ),
    Mutant(
        id="shared_cart",
        description="all clients share one cart",
        replacements=[
            ('session.get("cart", [])', 'current_app.config.setdefault("CART", [])'),
            ('session["cart"] = lines', 'current_app.config["CART"] = lines'),
        ],
    ),
    Mutant(
        id="orders_visible_to_everyone",
        description="any client can read any order, not only its own",
        replacements=[(' or order_id not in session.get("orders", [])', "")],
    ),
    Mutant(
        id="non_object_json_crashes",
        description="a JSON body that is not an object (e.g. a list) crashes the app instead of answering 400",
        replacements=[("if not isinstance(data, dict):", "if data is None:")],
    ),
    Mutant(
        id="delete_removes_last_line",
        description="DELETE removes the most recently added line instead of the one asked for",
        replacements=[
            (
                "    lines.remove(find_line(lines, product_id))\n",
                "    find_line(lines, product_id)\n    lines.pop()\n",
            )
        ],
    ),
    Mutant(
        id="unknown_product_crashes",
        description="adding or viewing an unknown product crashes (500) instead of answering 404",
        replacements=[("current_shop().products.get(product_id)", "current_shop().products[product_id]")],
    ),
]
