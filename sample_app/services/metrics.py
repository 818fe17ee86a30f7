"""A tiny in-process metrics counter, kept per app.

Real deployments would export these (Prometheus, StatsD); the interface is the
part worth testing: code calls ``get_metrics().increment(name, tags)``.
"""

from collections import Counter

from flask import current_app


class Metrics:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()

    def increment(self, name: str, tags: dict[str, str] | None = None) -> None:
        self.counts[(name, tuple(sorted((tags or {}).items())))] += 1

    def total(self, name: str) -> int:
        return sum(count for (metric, _), count in self.counts.items() if metric == name)

    def as_dict(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for (name, _), count in self.counts.items():
            totals[name] += count
        return dict(totals)


def get_metrics() -> Metrics:
    return current_app.extensions["metrics"]
