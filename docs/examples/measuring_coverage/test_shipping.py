"""Lesson 15: every line runs, one branch never does, and one rule is never checked at all."""


# --8<-- [start:code]
def shipping_cents(order_cents: int, express: bool = False) -> int:
    """Standard shipping costs 4.99, free from 50.00; express adds 15.00."""
    cost = 0 if order_cents >= 5000 else 499
    if express:
        cost += 1500
    return cost


# --8<-- [end:code]


# --8<-- [start:test]
def test_express_adds_fifteen_dollars_to_standard_shipping():
    """A small express order pays standard shipping plus the express fee."""
    assert shipping_cents(1000, express=True) == 1999


# --8<-- [end:test]
