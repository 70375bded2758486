"""Section 4 of AGREEMENT.md: Krippendorff's unitizing alpha α_U (1995, 2004), as DKPro Agreement / INCEpTION.

The documents counting for every compared coder, in id order, form one continuum of length `L`.
For code `k` each coder's segments are *units* and the stretches between them *gaps* (a gap may
run across a document boundary; a unit never does). With `(b, l)` a segment's start and length:

    D_O(k) = Σ_{ordered coder pairs i≠j} Σ_g Σ_h δ²(g, h) / (m(m − 1) L²)
    δ²(g, h) = (b_g − b_h)² + (b_g + l_g − b_h − l_h)²  for overlapping units,
               l_g² for a unit g inside a gap h (and l_h² for a gap g around a unit h), else 0
    D_E(k) = (2/L) Σ_{units g} [(N_k − 1)(2l_g³ − 3l_g² + l_g)/3 + l_g² Σ_{gaps h, l_h ≥ l_g} (l_h − l_g + 1)]
             / (mL(mL − 1) − Σ_{units g} l_g(l_g − 1))
    α_U(k) = 1 − D_O(k)/D_E(k);  overall α_U = 1 − mean_k D_O(k) / mean_k D_E(k)

A unit of coder i that overlaps no unit of coder j lies inside one of j's gaps, so the observed
part is, per coder pair, the overlapping unit pairs plus the squared lengths of unmatched units,
found with one merge of the two sorted unit lists. The expected part groups units and gaps by
length and uses suffix sums over sorted gap lengths: O((units + gaps) log gaps), never a double loop.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.agreement.estimate import Estimate, undefined
from annotator.domain.intervals import Interval


@dataclass(frozen=True, slots=True)
class UnitizingPieces:
    """What one code in one document contributes to α_U: additive parts and the gap ends at its edges."""

    pair_distance: int  # Σ over unordered coder pairs of the observed-disagreement terms
    unit_lengths: Counter[int]  # lengths of every coder's units
    inner_gaps: Counter[int]  # lengths of the gaps between two units of one coder
    lead: tuple[int, ...]  # per coder: characters before the first unit (the whole document when none)
    trail: tuple[int, ...]  # per coder: characters after the last unit
    has_units: tuple[bool, ...]


def document_pieces(per_coder: Sequence[Sequence[Interval]], length: int) -> UnitizingPieces:
    """The α_U pieces of one code in one document, from each coder's sorted, non-overlapping units."""
    distance = 0
    for i in range(len(per_coder)):
        for j in range(i + 1, len(per_coder)):
            distance += pair_distance(per_coder[i], per_coder[j])
    unit_lengths: Counter[int] = Counter()
    inner_gaps: Counter[int] = Counter()
    lead, trail, has_units = [], [], []
    for units in per_coder:
        for start, end in units:
            unit_lengths[end - start] += 1
        for (_, previous_end), (next_start, _) in zip(units, units[1:]):
            if next_start > previous_end:
                inner_gaps[next_start - previous_end] += 1
        has_units.append(bool(units))
        lead.append(units[0][0] if units else length)
        trail.append(length - units[-1][1] if units else 0)
    return UnitizingPieces(distance, unit_lengths, inner_gaps, tuple(lead), tuple(trail), tuple(has_units))


def pair_distance(first: Sequence[Interval], second: Sequence[Interval]) -> int:
    """Σ δ² between two coders' units, one direction: overlapping pairs, plus l² for each unmatched unit."""
    total = 0
    matched_second = [False] * len(second)
    pointer = 0
    count = len(second)
    for start, end in first:
        while pointer < count and second[pointer][1] <= start:
            pointer += 1
        candidate = pointer
        matched = False
        while candidate < count and second[candidate][0] < end:
            other_start, other_end = second[candidate]
            total += (start - other_start) ** 2 + (end - other_end) ** 2
            matched = matched_second[candidate] = True
            candidate += 1
        if not matched:
            total += (end - start) ** 2
    for (start, end), matched in zip(second, matched_second):
        if not matched:
            total += (end - start) ** 2
    return total


@dataclass(frozen=True, slots=True)
class Disagreements:
    """Observed and expected disagreement of one code, or why they cannot be computed."""

    observed: float | None
    expected: float | None
    reason: str | None = None

    def alpha(self) -> Estimate:
        """α_U = 1 − D_O / D_E."""
        if self.observed is None or not self.expected:
            return undefined(self.reason or "the expected disagreement is 0")
        return Estimate(1.0 - self.observed / self.expected)


def code_disagreements(sequence: Iterable[tuple[UnitizingPieces | None, int]], coder_count: int) -> Disagreements:
    """D_O and D_E of one code over a continuum given as (pieces or None when uncoded, length) per document."""
    m = coder_count
    length = 0
    distance = 0
    units: Counter[int] = Counter()
    gaps: Counter[int] = Counter()
    open_gap = [0] * m
    for pieces, document_length in sequence:
        length += document_length
        if pieces is None:
            for i in range(m):
                open_gap[i] += document_length
            continue
        distance += pieces.pair_distance
        units.update(pieces.unit_lengths)
        gaps.update(pieces.inner_gaps)
        for i in range(m):
            if pieces.has_units[i]:
                closed = open_gap[i] + pieces.lead[i]
                if closed:
                    gaps[closed] += 1
                open_gap[i] = pieces.trail[i]
            else:
                open_gap[i] += document_length
    for gap in open_gap:
        if gap:
            gaps[gap] += 1
    if length == 0:
        return Disagreements(None, None, "no document counts for every compared coder")
    unit_count = sum(units.values())
    if unit_count == 0:
        return Disagreements(0.0, 0.0, "no compared coder used this code in the documents they all coded")
    observed = 2 * distance / (m * (m - 1) * length * length)  # ordered pairs: each unordered pair twice
    expected_numerator, denominator = _expected_parts(units, gaps, unit_count, m * length)
    if expected_numerator == 0 or denominator == 0:
        return Disagreements(observed, 0.0, "the expected disagreement is 0")
    expected = 2 * expected_numerator / (3 * length * denominator)
    return Disagreements(observed, expected)


def _expected_parts(units: Counter[int], gaps: Counter[int], unit_count: int, total_length: int) -> tuple[int, int]:
    """3 × Σ_units[...] of D_E and its denominator `mL(mL − 1) − Σ l(l − 1)`, in exact integers."""
    lengths = sorted(gaps)
    suffix_count = [0] * (len(lengths) + 1)
    suffix_sum = [0] * (len(lengths) + 1)
    for index in range(len(lengths) - 1, -1, -1):
        gap = lengths[index]
        suffix_count[index] = suffix_count[index + 1] + gaps[gap]
        suffix_sum[index] = suffix_sum[index + 1] + gaps[gap] * gap
    numerator = 0
    correction = 0
    for unit, count in units.items():
        index = bisect_left(lengths, unit)
        beyond = suffix_sum[index] - (unit - 1) * suffix_count[index]  # Σ_{l_h ≥ l} (l_h − l + 1)
        numerator += count * ((unit_count - 1) * unit * (unit - 1) * (2 * unit - 1) + 3 * unit * unit * beyond)
        correction += count * unit * (unit - 1)
    return numerator, total_length * (total_length - 1) - correction


def overall_alpha(per_code: Iterable[Disagreements]) -> Estimate:
    """Overall α_U = 1 − mean_k D_O(k) / mean_k D_E(k) (both means over the same codes, so sums suffice)."""
    parts = [item for item in per_code if item.observed is not None and item.expected is not None]
    if not parts:
        return undefined("no code was compared")
    expected = sum(item.expected for item in parts)  # type: ignore[misc]
    if expected == 0:
        return undefined("no code has a non-zero expected disagreement")
    observed = sum(item.observed for item in parts)  # type: ignore[misc]
    return Estimate(1.0 - observed / expected)
