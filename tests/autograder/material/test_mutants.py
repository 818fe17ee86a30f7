"""Mutants: exact, single-occurrence replacements that fail loudly when the reference changes."""

import pytest

from autograder.material.mutants import Mutant, apply_all

SOURCE = "def total(items):\n    return sum(item.price for item in items)\n"


def test_apply_replaces_the_old_text():
    """A mutant's replacement is applied to the source."""
    mutant = Mutant(
        id="zero_total", description="the total is always 0", replacements=[("return sum(", "return 0 * sum(")]
    )
    assert mutant.apply(SOURCE) == "def total(items):\n    return 0 * sum(item.price for item in items)\n"


def test_replacements_are_frozen_into_tuples():
    """Replacements given as a list become a hashable tuple of pairs."""
    mutant = Mutant(id="m", description="d", replacements=[("sum", "max")])
    assert mutant.replacements == (("sum", "max"),)
    assert hash(mutant) == hash(Mutant(id="m", description="d", replacements=(("sum", "max"),)))


def test_missing_old_text_names_the_mutant():
    """An old text that is not in the source raises ValueError naming the mutant."""
    mutant = Mutant(id="gone", description="d", replacements=[("does not occur", "x")])
    with pytest.raises(ValueError, match=r"'gone'.*not found"):
        mutant.apply(SOURCE)


def test_repeated_old_text_is_refused():
    """An old text that occurs more than once is ambiguous and raises ValueError."""
    mutant = Mutant(id="twice", description="d", replacements=[("item", "thing")])
    with pytest.raises(ValueError, match=r"'twice'.*found 4 times"):
        mutant.apply(SOURCE)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"id": "", "replacements": [("a", "b")]}, "identifier"),
        ({"id": "not an id", "replacements": [("a", "b")]}, "identifier"),
        ({"id": "m", "replacements": []}, "no replacements"),
        ({"id": "m", "replacements": [("", "b")]}, "empty old text"),
        ({"id": "m", "replacements": [("a", "a")]}, "with itself"),
    ],
)
def test_malformed_mutants_are_refused_when_defined(fields, problem):
    """A mutant that could never plant a bug is refused as soon as it is written."""
    with pytest.raises(ValueError, match=problem):
        Mutant(description="d", **fields)


def test_apply_all_maps_ids_to_mutated_sources():
    """apply_all returns each mutant's source by id."""
    mutants = [
        Mutant(id="max_total", description="d", replacements=[("sum(", "max(")]),
        Mutant(id="no_items", description="d", replacements=[("for item in items", "for item in []")]),
    ]
    mutated = apply_all(mutants, SOURCE)
    assert list(mutated) == ["max_total", "no_items"]
    assert "max(item.price" in mutated["max_total"]


def test_apply_all_refuses_duplicate_ids():
    """Two mutants with the same id are refused."""
    mutant = Mutant(id="same", description="d", replacements=[("sum(", "max(")])
    with pytest.raises(ValueError, match="used twice"):
        apply_all([mutant, mutant], SOURCE)
