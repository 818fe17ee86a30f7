"""Predict the outcome: what does pytest report when it runs this module?"""


def discount_cents(price_cents: int, percent: int) -> int:
    """The price after taking ``percent`` per cent off."""
    if percent > 100:
        raise ValueError("a discount cannot be more than 100 %")
    return price_cents - price_cents * percent // 10


def test_discount_runs_for_normal_and_too_large_percentages():
    """Both paths through discount_cents run, so coverage reports 100 %."""
    discount_cents(2000, 10)
    try:
        discount_cents(2000, 150)
    except ValueError:
        pass
