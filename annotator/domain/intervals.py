"""Half-open code-point intervals `(start, end)`: merging the overlapping or touching ones."""

from __future__ import annotations

from collections.abc import Iterable

Interval = tuple[int, int]


def merge_overlapping(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted intervals with overlapping ones merged; touching ones (`a.end == b.start`) stay apart."""
    return _merged(intervals, touching=False)


def merge_touching(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted intervals with overlapping and touching ones merged: the covered stretches."""
    return _merged(intervals, touching=True)


def _merged(intervals: Iterable[Interval], *, touching: bool) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and (start <= merged[-1][1] if touching else start < merged[-1][1]):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
