"""Mutants: small, realistic bugs planted in a reference app to measure learner tests.

A suite's ``mutants.py`` lists ``MUTANTS = [Mutant(...), ...]``. Each mutant is a set of exact
text replacements applied to the reference app source (the solution notebook's ``app`` cells).
An old text must occur exactly once, so that a later edit of the reference cannot silently turn a
mutant into a no-op or plant the bug in the wrong place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Mutant", "apply_all"]


@dataclass(frozen=True)
class Mutant:
    """One planted bug: an id, a learner-facing description and the text replacements."""

    id: str
    description: str
    # Suites write a list of (old, new) pairs; __post_init__ stores them as a tuple of tuples.
    replacements: Sequence[tuple[str, str]]

    def __post_init__(self) -> None:
        # Suites write replacements as a list of tuples; freeze them so the dataclass is hashable.
        frozen = tuple((str(old), str(new)) for old, new in self.replacements)
        object.__setattr__(self, "replacements", frozen)
        if not self.id or not self.id.isidentifier():
            raise ValueError(f"mutant id {self.id!r} must be a non-empty identifier")
        if not frozen:
            raise ValueError(f"mutant {self.id!r} has no replacements")
        for old, new in frozen:
            if not old:
                raise ValueError(f"mutant {self.id!r} has an empty old text")
            if old == new:
                raise ValueError(f"mutant {self.id!r} replaces {old!r} with itself")

    def apply(self, source: str) -> str:
        """Return ``source`` with every replacement applied, in order.

        Raises ``ValueError`` naming the mutant when an old text is missing or occurs more than once.
        """
        for old, new in self.replacements:
            count = source.count(old)
            if count != 1:
                where = "not found" if count == 0 else f"found {count} times"
                raise ValueError(
                    f"mutant {self.id!r}: old text {old!r} {where} in the reference source (it must occur exactly once)"
                )
            source = source.replace(old, new, 1)
        return source


def apply_all(mutants: Iterable[Mutant], source: str) -> dict[str, str]:
    """Map each mutant id to its mutated source; raise ``ValueError`` on a bad or duplicate mutant."""
    mutated: dict[str, str] = {}
    for mutant in mutants:
        if mutant.id in mutated:
            raise ValueError(f"mutant id {mutant.id!r} is used twice")
        mutated[mutant.id] = mutant.apply(source)
    return mutated
