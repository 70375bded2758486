"""Section 6 of AGREEMENT.md: percentile bootstrap intervals by resampling documents (or units) with replacement."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

from annotator.agreement.estimate import Estimate
from annotator.domain.errors import InputError

DEFAULT_SEED = 20240601
"""The seed used unless one is given, so the same project always gives the same intervals."""

LOW, HIGH = 0.025, 0.975

K = TypeVar("K", bound=Hashable)
Path = tuple[str, ...]


def resample(items: Sequence[K], rng: random.Random) -> dict[K, int]:
    """Draw `len(items)` items with replacement; how many times each was drawn."""
    count = len(items)
    return dict(Counter(items[rng.randrange(count)] for _ in range(count)))


def percentile(ordered: Sequence[float], share: float) -> float:
    """The `share` quantile of sorted values, interpolating linearly between ranks (numpy's default)."""
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def flatten(figures: Mapping[str, Any], prefix: Path = ()) -> dict[Path, Estimate]:
    """Every Estimate in a nested dict, keyed by its path."""
    found: dict[Path, Estimate] = {}
    for key, value in figures.items():
        if isinstance(value, Estimate):
            found[prefix + (key,)] = value
        elif isinstance(value, Mapping):
            found.update(flatten(value, prefix + (key,)))
    return found


class Interval:
    """A percentile interval over the replicates where the figure was defined."""

    __slots__ = ("defined", "high", "low", "replicates")

    def __init__(self, values: list[float], replicates: int) -> None:
        values.sort()
        self.defined = len(values)
        self.replicates = replicates
        self.low = percentile(values, LOW) if values else None
        self.high = percentile(values, HIGH) if values else None


def bootstrap_intervals(
    compute: Callable[[dict[K, int]], Mapping[str, Any]],
    items: Sequence[K],
    replicates: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[Path, Interval]:
    """2.5 and 97.5 percentiles of every figure of `compute(resampled multiplicities)` over `replicates` draws.

    `progress(done, total)`, when given, is called after each replicate.
    """
    if replicates < 1:
        raise InputError(f"the number of bootstrap replicates must be at least 1 (got {replicates})")
    if not items:
        return {}
    rng = random.Random(DEFAULT_SEED if seed is None else seed)
    values: dict[Path, list[float]] = {}
    for done in range(1, replicates + 1):
        for path, estimate in flatten(compute(resample(items, rng))).items():
            bucket = values.setdefault(path, [])
            if estimate.value is not None:
                bucket.append(estimate.value)
        if progress is not None:
            progress(done, replicates)
    return {path: Interval(found, replicates) for path, found in values.items()}
