"""Section 5 of AGREEMENT.md: the unitizing alphas of Krippendorff et al. (2016), u-α and |u-α (as ATLAS.ti).

Each coder's coding partitions the continuum into valued segments and gaps (value φ), so a
coder's spans must not overlap within the compared codes. Coincidences, with `m` coders:

    ℓ_ck = (1/(m − 1)) Σ_{i≠j} Σ_{g of i valued c} Σ_{h of j valued k} |g ∩ h|,  ℓ_c = Σ_k ℓ_ck,  ℓ = Σ_c ℓ_c
    e_φ = summed length of all coders' gaps;  e_c = summed squared lengths of the segments of c;  e = Σ e_c
    ε_ck = (ℓ_c ℓ_k − [c = k] e_c) / (ℓ − e/ℓ)
    u-α  = 1 − Σ_{c≠k} ℓ_ck / Σ_{c≠k} ε_ck        (= 1 − Σ_{c≠k} ℓ_ck (ℓ − e/ℓ) / (ℓ² − Σ_c ℓ_c²))
    |u-α = 1 − Σ_{c≠φ} (ℓ_φc + ℓ_cφ) / Σ_{c≠φ} (ε_φc + ε_cφ)   (= 1 − … / (2 ℓ_φ (ℓ − ℓ_φ)/(ℓ − e/ℓ)))

Every part is a sum over documents (segments never cross one, and gap lengths enter only through
their total), so each document is swept once and bootstrap replicates just re-add the parts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.agreement.estimate import Estimate, undefined

GAP = None
"""The value φ of a stretch no compared code covers."""

Labelled = tuple[int, int, str]


@dataclass
class PartitionParts:
    """The additive parts of u-α: unnormalised coincidences, squared segment lengths, gap length, length."""

    coincidences: Counter[tuple[str | None, str | None]] = field(default_factory=Counter)
    squares: Counter[str] = field(default_factory=Counter)
    gap_length: int = 0
    length: int = 0
    problem: str | None = None

    def add(self, other: PartitionParts, times: int = 1) -> None:
        """Add another document's parts, `times` times (keeping the first problem found)."""
        for pair, value in other.coincidences.items():
            self.coincidences[pair] += times * value
        for code, value in other.squares.items():
            self.squares[code] += times * value
        self.gap_length += times * other.gap_length
        self.length += times * other.length
        self.problem = self.problem or other.problem


def document_parts(
    per_coder: Sequence[Sequence[Labelled]], length: int, coders: Sequence[str], document: str
) -> PartitionParts:
    """u-α parts of one document from each coder's segments `(start, end, code)` of the compared codes."""
    parts = PartitionParts(length=length)
    events: list[tuple[int, int, int, str | None]] = []
    for index, segments in enumerate(per_coder):
        ordered = sorted(segments)
        covered = 0
        reach: Labelled | None = None  # the segment reaching furthest so far
        for start, end, code in ordered:
            if reach is not None and start < reach[1] and parts.problem is None:
                parts.problem = (
                    f"u-α needs each coder's spans of the compared codes not to overlap, but {coders[index]}"
                    f" coded {document} [{start}, {min(end, reach[1])}) with both {reach[2]} and {code};"
                    " compare mutually exclusive codes (--codes)"
                )
            if reach is None or end > reach[1]:
                reach = (start, end, code)
            parts.squares[code] += (end - start) ** 2
            covered += end - start
            events.append((start, 1, index, code))
            events.append((end, 0, index, GAP))  # at one position, ends (0) are applied before starts (1)
        parts.gap_length += length - covered
    if parts.problem is not None:
        return parts
    events.sort(key=lambda event: (event[0], event[1]))
    state: list[str | None] = [GAP] * len(per_coder)
    stretches: Counter[tuple[str | None, ...]] = Counter()
    previous = 0
    for position, _, index, value in events:
        if position > previous:
            stretches[tuple(state)] += position - previous
            previous = position
        state[index] = value
    if length > previous:
        stretches[tuple(state)] += length - previous
    for values, size in stretches.items():
        for i, value_i in enumerate(values):
            for j, value_j in enumerate(values):
                if i != j:
                    parts.coincidences[(value_i, value_j)] += size
    return parts


@dataclass(frozen=True, slots=True)
class UnitizingAlphas:
    """u-α and |u-α of one set of parts."""

    u_alpha: Estimate
    binary_u_alpha: Estimate


def alphas(parts: PartitionParts, coder_count: int) -> UnitizingAlphas:
    """u-α and |u-α from summed parts."""
    if parts.problem is not None:
        return UnitizingAlphas(undefined(parts.problem), undefined(parts.problem))
    if parts.length == 0:
        reason = "no document counts for every compared coder"
        return UnitizingAlphas(undefined(reason), undefined(reason))
    pairs = coder_count - 1
    totals: defaultdict[str | None, float] = defaultdict(float)
    for (value_c, _), size in parts.coincidences.items():
        totals[value_c] += size / pairs
    total = coder_count * parts.length
    correction = parts.gap_length + sum(parts.squares.values())
    scale = total - correction / total
    observed = sum(size for (c, k), size in parts.coincidences.items() if c != k) / pairs
    expected_pairs = total * total - sum(value * value for value in totals.values())
    u_alpha = _alpha(observed, expected_pairs, scale, "no compared code was used, or one code covers everything")
    gap = totals[GAP]
    observed_binary = sum(size for (c, k), size in parts.coincidences.items() if (c is GAP) != (k is GAP)) / pairs
    binary = _alpha(observed_binary, 2 * gap * (total - gap), scale, "either nothing or everything is coded")
    return UnitizingAlphas(u_alpha, binary)


def _alpha(observed: float, expected_pairs: float, scale: float, reason: str) -> Estimate:
    """`1 − observed / (expected_pairs / scale)`, undefined when the expected part is 0."""
    if expected_pairs == 0 or scale == 0:
        return undefined(reason)
    return Estimate(1.0 - observed * scale / expected_pairs)


def sum_parts(items: Iterable[tuple[PartitionParts, int]]) -> PartitionParts:
    """The parts of several documents, each taken the given number of times."""
    total = PartitionParts()
    for item, times in items:
        total.add(item, times)
    return total
