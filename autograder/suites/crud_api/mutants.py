"""Realistic bugs planted in the reference products API to measure the learner's tests."""

from autograder.material.mutants import Mutant

MUTANTS = [
    Mutant(
        id="no_location",
        description="creating a product answers 201 without a Location header",
        replacements=[
            (
                '    response.headers["Location"] = url_for("products.get_product", product_id=product.id)\n',
                "",
            )
        ],
    ),
    Mutant(
        id="duplicate_sku_accepted",
        description="two products may have the same SKU (no check and no unique constraint)",
        replacements=[
            ("mapped_column(String(32), unique=True)", "mapped_column(String(32))"),
            ("    if db.session.scalar(query) is not None:\n", "    if False:\n"),
        ],
    ),
    Mutant(
        id="sku_case_kept",
        description="SKUs are stored as sent, so mug-001 and MUG-001 are two different products",
        replacements=[
            ('NORMALIZE = {"sku": str.upper, "name": str.strip}', 'NORMALIZE = {"name": str.strip}'),
            ('Product.sku == args["sku"].upper()', 'Product.sku == args["sku"]'),
        ],
    ),
    Mutant(
        id="sku_clashes_with_itself",
        description="updating a product with the SKU it already has answers 409, as if it clashed with itself",
        replacements=[
            (
                (
                    "    if product_id is not None:\n"
                    "        # A product keeping its own SKU does not clash with itself.\n"
                    "        query = query.where(Product.id != product_id)\n"
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="if_match_ignored",
        description="the app reads If-None-Match instead of If-Match, so a stale update overwrites a newer version",
        replacements=[
            (
                "if request.if_match and not request.if_match.contains(product.etag):",
                "if request.if_none_match and not request.if_none_match.contains(product.etag):",
            )
        ],
    ),
    Mutant(
        id="patch_skips_if_match",
        description="PATCH does not check If-Match (PUT and DELETE do)",
        replacements=[
            (
                "    product = editable_product(product_id)\n    fields = validated_fields(json_object(), required=())\n",
                "    product = find_product(product_id)\n    fields = validated_fields(json_object(), required=())\n",
            )
        ],
    ),
    Mutant(
        id="etag_ignores_price_and_stock",
        description="the ETag is made from the id, SKU and name only, so a price or stock change keeps the old ETag",
        replacements=[
            (
                "representation = json.dumps(self.to_json(), sort_keys=True)",
                "representation = json.dumps([self.id, self.sku, self.name])",
            )
        ],
    ),
    Mutant(
        id="patch_resets_stock",
        description="PATCH without a stock resets the stock to 0",
        replacements=[
            (
                "fields = validated_fields(json_object(), required=())",
                "fields = DEFAULTS | validated_fields(json_object(), required=())",
            )
        ],
    ),
    Mutant(
        id="put_accepts_partial_body",
        description="PUT accepts a body with fields missing and keeps the old values, like PATCH",
        replacements=[
            (
                "fields = validated_fields(json_object(), required=FIELDS)",
                "fields = validated_fields(json_object(), required=())",
            )
        ],
    ),
    Mutant(
        id="true_price_accepted",
        description="true is accepted as a price or a stock (Python counts True as the integer 1)",
        replacements=[
            ("return isinstance(value, int) and not isinstance(value, bool)", "return isinstance(value, int)")
        ],
    ),
    Mutant(
        id="first_problem_only",
        description="validation reports only the first invalid field, not every one",
        replacements=[
            (
                "        if field in data and (problem := check(data[field])):\n            details[field] = problem\n",
                (
                    "        if field in data and (problem := check(data[field])):\n"
                    "            details[field] = problem\n"
                    "            break\n"
                ),
            )
        ],
    ),
    Mutant(
        id="unknown_fields_ignored",
        description='fields that are not a product\'s (such as "id") are silently ignored instead of refused',
        replacements=[
            (
                'details = {field: "is not a field of a product" for field in data if field not in CHECKS}',
                "details = {}",
            )
        ],
    ),
    Mutant(
        id="total_ignores_filters",
        description="total and pages count the whole catalogue, not the products that match the filters",
        replacements=[
            ("db.select(func.count()).select_from(filtered.subquery())", "db.select(func.count()).select_from(Product)")
        ],
    ),
    Mutant(
        id="has_next_on_last_page",
        description="has_next is true on the last page too",
        replacements=[('"has_next": page < pages,', '"has_next": page <= pages,')],
    ),
    Mutant(
        id="pages_rounded_down",
        description="pages is rounded down, so a last page that is not full is not counted",
        replacements=[("pages = math.ceil(total / per_page)", "pages = total // per_page")],
    ),
    Mutant(
        id="offset_skips_a_page",
        description="page 1 starts at the second page of products (the offset is off by one page)",
        replacements=[(".offset((page - 1) * per_page)", ".offset(page * per_page)")],
    ),
    Mutant(
        id="per_page_unbounded",
        description="per_page above 100 is accepted",
        replacements=[
            (
                'whole_argument("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, details)',
                'whole_argument("per_page", DEFAULT_PER_PAGE, 1, None, details)',
            )
        ],
    ),
    Mutant(
        id="descending_ignored",
        description="sort=-field sorts ascending, as if the minus were not there",
        replacements=[('column.desc() if sort.startswith("-") else column.asc()', "column.asc()")],
    ),
    Mutant(
        id="min_price_exclusive",
        description="min_price_cents leaves out the products priced exactly at the minimum",
        replacements=[("Product.price_cents >= low", "Product.price_cents > low")],
    ),
    Mutant(
        id="delete_unknown_answers_204",
        description="deleting a product that does not exist answers 204 instead of 404",
        replacements=[
            (
                "    product = editable_product(product_id)\n    db.session.delete(product)\n    db.session.commit()\n",
                (
                    "    product = db.session.get(Product, product_id)\n"
                    "    if product is not None:\n"
                    "        db.session.delete(product)\n"
                    "        db.session.commit()\n"
                ),
            )
        ],
    ),
]
