"""Mathet's γ, part 3: random continua for the expected disorder (pygamma-agreement's two samplers).

- `statistical` (pygamma's default): each coder gets a number of units, gaps, lengths and codes
  drawn from normal laws (and the code frequencies) fitted on the observed continuum.
- `shuffle` (Mathet et al. 2015, §5.2, Mathet's own software): each sampled coder is a real coder's
  units shifted by a random whole-number pivot around the continuum, pivots kept apart by half
  the mean unit length.

Both draw from a `numpy.random.Generator`, so a seed gives the same samples every time.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from annotator.agreement.gamma_dissimilarity import CoderUnits, Continuum, FloatArray, IntArray

SHORTEST = 1e-6
"""A sampled unit shorter than this is drawn again (a unit needs a length)."""


def sorted_units(starts: FloatArray, ends: FloatArray, codes: IntArray) -> CoderUnits:
    """A coder's arrays sorted by (start, end, code)."""
    order = np.lexsort((codes, ends, starts))
    return CoderUnits(starts[order], ends[order], codes[order].astype(np.int64))


def statistical_sampler(continuum: Continuum) -> Callable[[np.random.Generator], Continuum]:
    """pygamma's StatisticalContinuumSampler: normal laws fitted on the continuum."""
    gaps: list[float] = [0.0]  # as pygamma: keeps a coder with one unit from giving no gap at all
    for units in continuum.units:
        gaps.extend((units.starts[1:] - units.ends[:-1]).tolist())
        if len(units) and units.starts[0] > 0:
            gaps.append(float(units.starts[0]))
    lengths = np.concatenate([units.lengths for units in continuum.units])
    counts = np.array([len(units) for units in continuum.units], dtype=np.float64)
    codes = np.concatenate([units.codes for units in continuum.units])
    weights = np.bincount(codes, minlength=len(continuum.codes)) / len(codes)
    gap_mean, gap_std = float(np.mean(gaps)), float(np.std(gaps))
    length_mean, length_std = float(lengths.mean()), float(lengths.std())
    count_mean, count_std = float(counts.mean()), float(counts.std())

    def sample(random: np.random.Generator) -> Continuum:
        sampled: list[CoderUnits] = []
        total = 0
        for _ in continuum.coders:
            count = abs(int(random.normal(count_mean, count_std)))
            if total == 0:
                count = max(1, count)
            drawn_lengths = np.abs(random.normal(length_mean, length_std, count))
            while (short := drawn_lengths < SHORTEST).any():
                drawn_lengths[short] = np.abs(random.normal(length_mean, length_std, int(short.sum())))
            steps = random.normal(gap_mean, gap_std, count)
            # unit k starts at (end of unit k−1) + gap k
            ends = np.cumsum(steps + drawn_lengths)
            starts = ends - drawn_lengths
            drawn_codes = random.choice(len(continuum.codes), size=count, p=weights)
            sampled.append(sorted_units(starts, ends, drawn_codes))
            total += count
        return Continuum(continuum.coders, continuum.codes, tuple(sampled))

    return sample


def shuffle_sampler(continuum: Continuum) -> Callable[[np.random.Generator], Continuum]:
    """Mathet's sampler: real coders' units shifted by random pivots that keep apart."""
    lengths = np.concatenate([units.lengths for units in continuum.units])
    apart = float(lengths.mean()) / 2
    low = min(0.0, min(float(units.starts.min()) for units in continuum.units if len(units)))
    high = max(0.0, max(float(units.ends.max()) for units in continuum.units if len(units)))
    span = high - low
    sources = range(len(continuum.units))

    def sample(random: np.random.Generator) -> Continuum:
        while True:
            free = [(low, high)]
            sampled: list[CoderUnits] = []
            for _ in continuum.coders:
                if free:
                    pivot = _pivot_in(free, random)
                    free = _without(free, pivot - apart, pivot + apart)
                else:
                    pivot = float(random.uniform(low, high))
                source = continuum.units[sources[int(random.integers(len(sources)))]]
                starts = source.starts + pivot
                ends = source.ends + pivot
                wrapped = starts > high  # as pygamma: a unit that starts past the end starts again at the beginning
                starts = np.where(wrapped, starts - span, starts)
                ends = np.where(wrapped, ends - span, ends)
                sampled.append(sorted_units(starts, ends, source.codes))
            if any(len(units) for units in sampled):
                return Continuum(continuum.coders, continuum.codes, tuple(sampled))

    return sample


def _pivot_in(free: list[tuple[float, float]], random: np.random.Generator) -> float:
    """A whole-number pivot in one of the free intervals, chosen in proportion to their lengths."""
    widths = np.array([end - start for start, end in free])
    if widths.sum() <= 0:
        return 1.0  # as pygamma when nothing is left to choose from
    start, end = free[int(random.choice(len(free), p=widths / widths.sum()))]
    return float(int(random.uniform(start, end)))


def _without(free: list[tuple[float, float]], cut_start: float, cut_end: float) -> list[tuple[float, float]]:
    """The free intervals less [cut_start, cut_end]."""
    left = [(start, min(end, cut_start)) for start, end in free if start < cut_start]
    right = [(max(start, cut_end), end) for start, end in free if end > cut_end]
    return left + right


SAMPLERS: dict[str, Callable[[Continuum], Callable[[np.random.Generator], Continuum]]] = {
    "statistical": statistical_sampler,
    "shuffle": shuffle_sampler,
}
"""The samplers by name: what `--gamma-sampler` and `compute_gamma(sampler=...)` accept."""
