"""Mathet's γ, part 1: the continuum (each coder's units) and the dissimilarities between units.

Mathet, Widlöcher & Métivier 2015 (Computational Linguistics 41(3)), §4, as pygamma-agreement
computes it: the positional dissimilarity is squared and normalised by the two lengths, both
dissimilarities are scaled by Δ∅, and the combined one is α·d_pos + β·d_cat.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from annotator.domain.errors import AnnotatorError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

PAIRS_AT_ONCE = 2_000_000
"""Candidate unit pairs tested in one go (bounds the memory of `near_pairs`)."""

GammaRow = tuple[str, str, float, float]
"""(coder, code, start, end): one unit of one coder, `start < end`."""


@dataclass(frozen=True)
class GammaParameters:
    """The weights of the combined dissimilarity: α (position), β (category) and Δ∅ (a unit left alone)."""

    alpha: float = 1.0
    beta: float = 1.0
    delta_empty: float = 1.0

    def __post_init__(self) -> None:
        if not (self.alpha >= 0 and self.beta >= 0 and self.delta_empty > 0):
            raise AnnotatorError("γ needs α ≥ 0, β ≥ 0 and Δ∅ > 0")


@dataclass(frozen=True)
class CoderUnits:
    """One coder's units as parallel arrays, sorted by (start, end, code)."""

    starts: FloatArray
    ends: FloatArray
    codes: IntArray

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def lengths(self) -> FloatArray:
        """Each unit's length."""
        return self.ends - self.starts

    @classmethod
    def from_units(cls, units: Iterable[tuple[float, float, int]]) -> CoderUnits:
        """Arrays from (start, end, code index) triples; a repeated identical unit counts once."""
        ordered = sorted(set(units))
        array = np.array(ordered, dtype=np.float64).reshape(-1, 3)
        return cls(array[:, 0].copy(), array[:, 1].copy(), array[:, 2].astype(np.int64))


@dataclass(frozen=True)
class Continuum:
    """Every compared coder's units on one axis; `codes[i]` is the name of code index i."""

    coders: tuple[str, ...]
    codes: tuple[str, ...]
    units: tuple[CoderUnits, ...]

    @classmethod
    def from_rows(cls, rows: Iterable[GammaRow], coders: Iterable[str] | None = None) -> Continuum:
        """A continuum from (coder, code, start, end) rows; `coders` adds coders with no unit."""
        rows = list(rows)
        for number, (_, _, start, end) in enumerate(rows, start=1):
            if not (np.isfinite(start) and np.isfinite(end) and start < end):
                raise AnnotatorError(f"γ: unit {number} has no length (start {start}, end {end})")
        names = sorted({row[0] for row in rows} | set(coders or ()))
        codes = sorted({row[1] for row in rows})
        code_index = {code: i for i, code in enumerate(codes)}
        per_coder: dict[str, list[tuple[float, float, int]]] = {name: [] for name in names}
        for coder, code, start, end in rows:
            per_coder[coder].append((float(start), float(end), code_index[code]))
        return cls(tuple(names), tuple(codes), tuple(CoderUnits.from_units(per_coder[n]) for n in names))

    @property
    def unit_count(self) -> int:
        """How many units all coders have together."""
        return sum(len(units) for units in self.units)

    @property
    def average_units_per_coder(self) -> float:
        """The observed disorder's denominator: units per coder on average."""
        return self.unit_count / len(self.coders)

    def rows(self) -> list[GammaRow]:
        """The continuum back as (coder, code, start, end) rows."""
        return [
            (coder, self.codes[int(code)], float(start), float(end))
            for coder, units in zip(self.coders, self.units, strict=True)
            for start, end, code in zip(units.starts, units.ends, units.codes, strict=True)
        ]


def positional_dissimilarity(
    start_u: float, end_u: float, start_v: float, end_v: float, delta_empty: float = 1.0
) -> float:
    """d_pos = ((|s_u − s_v| + |e_u − e_v|) / (len_u + len_v))² · Δ∅ (Mathet et al. 2015, §4.1)."""
    ratio = (abs(start_u - start_v) + abs(end_u - end_v)) / ((end_u - start_u) + (end_v - start_v))
    return ratio * ratio * delta_empty


def pair_dissimilarities(
    a: CoderUnits, rows: IntArray, b: CoderUnits, columns: IntArray, parameters: GammaParameters
) -> FloatArray:
    """The combined dissimilarity α·d_pos + β·d_cat of the unit pairs (a[rows[k]], b[columns[k]])."""
    ratio = (np.abs(a.starts[rows] - b.starts[columns]) + np.abs(a.ends[rows] - b.ends[columns])) / (
        a.lengths[rows] + b.lengths[columns]
    )
    positional = ratio * ratio
    categorical = (a.codes[rows] != b.codes[columns]).astype(np.float64)
    result: FloatArray = (parameters.alpha * positional + parameters.beta * categorical) * parameters.delta_empty
    return result


def near_pairs(
    a: CoderUnits, b: CoderUnits, parameters: GammaParameters, bound: float
) -> tuple[IntArray, IntArray, FloatArray]:
    """Every pair (i of a, j of b) whose dissimilarity is below `bound`, with that dissimilarity.

    A pair can be that close only if α·d_pos·Δ∅ < bound, i.e. |s_u − s_v| < r·(len_u + len_v)
    with r = √(bound / (α·Δ∅)); so each unit of a looks only at b's units starting within
    r·(len_u + longest of b) of its own start (b is sorted by start), then the exact test filters.
    """
    if len(a) == 0 or len(b) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float64)
    if parameters.alpha > 0:
        reach = np.sqrt(bound / (parameters.alpha * parameters.delta_empty)) * (a.lengths + b.lengths.max())
        low = np.searchsorted(b.starts, a.starts - reach, side="left")
        high = np.searchsorted(b.starts, a.starts + reach, side="right")
    else:  # position does not count: every pair may be close
        low = np.zeros(len(a), dtype=np.int64)
        high = np.full(len(a), len(b), dtype=np.int64)
    counts = (high - low).astype(np.int64)
    # Candidate pairs are tested a slice of a at a time, so one very long span (a whole document
    # coded) costs time, not memory.
    ends_of_slices = np.searchsorted(np.cumsum(counts), np.arange(PAIRS_AT_ONCE, counts.sum(), PAIRS_AT_ONCE))
    found: list[tuple[IntArray, IntArray, FloatArray]] = []
    for first, last in zip(
        np.concatenate([[0], ends_of_slices]), np.concatenate([ends_of_slices, [len(a)]]), strict=True
    ):
        part = counts[first:last]
        rows = np.repeat(np.arange(first, last, dtype=np.int64), part)
        offsets = np.arange(part.sum(), dtype=np.int64) - np.repeat(np.cumsum(part) - part, part)
        columns = np.repeat(low[first:last], part).astype(np.int64) + offsets
        values = pair_dissimilarities(a, rows, b, columns, parameters)
        keep = values < bound
        found.append((rows[keep], columns[keep], values[keep]))
    return (
        np.concatenate([rows for rows, _, _ in found]),
        np.concatenate([columns for _, columns, _ in found]),
        np.concatenate([values for _, _, values in found]),
    )
