"""A score histogram laid out as plain numbers, ready for an inline SVG template to draw.

No charting library and no script: the class report must open offline, anywhere, forever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from autograder.outputs.gradebook import format_score

__all__ = ["Bar", "Histogram", "Tick", "score_histogram"]

WIDTH, HEIGHT = 640, 260
# Room for the count axis on the left, the score axis and its title below, a count above a bar.
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 20, 52


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    bars: list[Bar]
    score_ticks: list[Tick]
    count_ticks: list[Tick]
    max_score: float
    description: str


def score_histogram(scores: Sequence[float], max_score: float, bins: int = 10) -> Histogram:
    """Count ``scores`` in ``bins`` equal ranges from 0 to ``max_score`` and lay out the bars.

    Each range holds its lower edge; the last one holds ``max_score`` too, so full marks count.
    Scores outside 0..max_score are clamped into the first or last range.
    """
    if max_score <= 0:
        raise ValueError(f"max_score must be positive, got {max_score}")
    counts = [0] * bins
    for score in scores:
        index = int(min(max(score, 0.0), max_score) / max_score * bins)
        counts[min(index, bins - 1)] += 1

    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / bins
    tallest = max(max(counts), 1)
    edges = [max_score * i / bins for i in range(bins + 1)]
    bars = []
    for i, count in enumerate(counts):
        height = plot_height * count / tallest
        bars.append(
            Bar(
                label=f"{format_score(edges[i])} to {format_score(edges[i + 1])}",
                count=count,
                x=round(LEFT + i * slot + 2, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(slot - 4, 2),
                height=round(height, 2),
            )
        )
    return Histogram(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        plot_width=plot_width,
        plot_height=plot_height,
        bars=bars,
        score_ticks=[Tick(round(LEFT + i * slot, 2), format_score(edge)) for i, edge in enumerate(edges)],
        count_ticks=[
            Tick(round(TOP + plot_height - plot_height * value / tallest, 2), str(value))
            for value in sorted({0, tallest // 2, tallest})
        ],
        max_score=max_score,
        description=f"Scores of {len(scores)} graded submissions, out of {format_score(max_score)}: "
        + "; ".join(f"{bar.label}: {bar.count}" for bar in bars)
        + ".",
    )
