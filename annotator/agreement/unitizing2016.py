"""Section 5 of AGREEMENT.md: the unitizing alphas of Krippendorff et al. (2016), u-α, |u-α, cu-α and Cu-α (as ATLAS.ti).

Each coder's coding partitions the continuum into valued segments and gaps (value φ), so a
coder's spans must not overlap within the compared codes. Coincidences, with `m` coders:

    ℓ_ck = (1/(m − 1)) Σ_{i≠j} Σ_{g of i valued c} Σ_{h of j valued k} |g ∩ h|,  ℓ_c = Σ_k ℓ_ck,  ℓ = Σ_c ℓ_c
    e_φ = summed length of all coders' gaps;  e_c = summed squared lengths of the segments of c;  e = Σ e_c
    ε_ck = (ℓ_c ℓ_k − [c = k] e_c) / (ℓ − e/ℓ)
    u-α  = 1 − Σ_{c≠k} ℓ_ck / Σ_{c≠k} ε_ck        (= 1 − Σ_{c≠k} ℓ_ck (ℓ − e/ℓ) / (ℓ² − Σ_c ℓ_c²))
    |u-α = 1 − Σ_{c≠φ} (ℓ_φc + ℓ_cφ) / Σ_{c≠φ} (ε_φc + ε_cφ)   (= 1 − … / (2 ℓ_φ (ℓ − ℓ_φ)/(ℓ − e/ℓ)))

cu-α is the same ratio on the coincidences of valued stretches only (c, k ≠ φ): how the coders
coded what they both coded. Its marginals are ℓ*_c = Σ_{k≠φ} ℓ_ck, and a segment g of coder i
puts p_g = (1/(m − 1)) Σ_{j≠i} |g ∩ V_j| into them (V_j: what coder j coded), so the self-pairing
correction is e*_c = Σ_{g valued c} p_g² (for the full matrix p_g = |g|, which gives e_c):

    cu-α = 1 − Σ_{c≠k} ℓ*_ck (ℓ* − e*/ℓ*) / (ℓ*² − Σ_c ℓ*_c²)

Cu-α is cu-α with each code replaced by its semantic domain (its top-level code), ATLAS.ti's
agreement on which domain was applied.

Every part is a sum over documents (segments never cross one, and gap lengths enter only through
their total), so each document is swept once and bootstrap replicates just re-add the parts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    pairable_squares: Counter[str] = field(default_factory=Counter)
    """Per code, Σ_g ((m − 1) p_g)²: each segment's length coded by the other coders, summed over them, squared."""
    gap_length: int = 0
    length: int = 0
    problem: str | None = None

    def add(self, other: PartitionParts, times: int = 1) -> None:
        """Add another document's parts, `times` times (keeping the first problem found)."""
        for pair, value in other.coincidences.items():
            self.coincidences[pair] += times * value
        for code, value in other.squares.items():
            self.squares[code] += times * value
        for code, value in other.pairable_squares.items():
            self.pairable_squares[code] += times * value
        self.gap_length += times * other.gap_length
        self.length += times * other.length
        self.problem = self.problem or other.problem


def document_parts(
    per_coder: Sequence[Sequence[Labelled]], length: int, coders: Sequence[str], document: str
) -> PartitionParts:
    """u-α parts of one document from each coder's segments `(start, end, code)` of the compared codes."""
    parts = PartitionParts(length=length)
    events: list[tuple[int, int, int, int]] = []  # (position, 0 end / 1 start, coder, segment number)
    ordered_per_coder = [sorted(segments) for segments in per_coder]
    for index, ordered in enumerate(ordered_per_coder):
        covered = 0
        reach: Labelled | None = None  # the segment reaching furthest so far
        for number, (start, end, code) in enumerate(ordered):
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
            events.append((start, 1, index, number))
            events.append((end, 0, index, number))  # at one position, ends (0) are applied before starts (1)
        parts.gap_length += length - covered
    if parts.problem is not None:
        return parts
    events.sort(key=lambda event: (event[0], event[1]))
    state: list[str | None] = [GAP] * len(per_coder)
    stretches: Counter[tuple[str | None, ...]] = Counter()
    previous = 0
    # `depth` integrates the number of coders coding each position; over a segment it counts the
    # segment itself plus what the other coders coded of it, (m − 1) p_g, found by one subtraction.
    valued = depth = 0
    opened = [0] * len(per_coder)  # `depth` where each coder's present segment began
    for position, starts, index, number in events:
        if position > previous:
            stretches[tuple(state)] += position - previous
            depth += (position - previous) * valued
            previous = position
        start, end, code = ordered_per_coder[index][number]
        if starts:
            state[index] = code
            valued += 1
            opened[index] = depth
        else:
            state[index] = GAP
            valued -= 1
            shared = depth - opened[index] - (end - start)
            parts.pairable_squares[code] += shared * shared
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
    """u-α, |u-α, cu-α and Cu-α of one set of parts."""

    u_alpha: Estimate
    binary_u_alpha: Estimate
    cu_alpha: Estimate
    domain_cu_alpha: Estimate


def alphas(parts: PartitionParts, coder_count: int, domains: Mapping[str, str] | None = None) -> UnitizingAlphas:
    """u-α, |u-α, cu-α and Cu-α from summed parts; `domains` maps a code to its semantic domain (default: itself)."""
    if parts.problem is not None or parts.length == 0:
        reason = parts.problem or "no document counts for every compared coder"
        return UnitizingAlphas(*[undefined(reason)] * 4)
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
    cu_alpha = coded_alpha(parts, pairs, lambda code: code)
    domain_cu_alpha = coded_alpha(parts, pairs, lambda code: code if domains is None else domains.get(code, code))
    return UnitizingAlphas(u_alpha, binary, cu_alpha, domain_cu_alpha)


def coded_alpha(parts: PartitionParts, pairs: int, value_of: Callable[[str], str]) -> Estimate:
    """cu-α over the values `value_of(code)`: the coincidences of valued stretches only, with their own correction."""
    coincidences: defaultdict[tuple[str, str], float] = defaultdict(float)
    for (code_c, code_k), length in parts.coincidences.items():
        if code_c is not None and code_k is not None:
            coincidences[(value_of(code_c), value_of(code_k))] += length / pairs
    correction = sum(parts.pairable_squares.values()) / (pairs * pairs)
    totals: defaultdict[str, float] = defaultdict(float)
    for (c, _), size in coincidences.items():
        totals[c] += size
    total = sum(totals.values())
    if total == 0:
        return undefined("no stretch was coded by two coders, so there is no coding to compare")
    observed = sum(size for (c, k), size in coincidences.items() if c != k)
    expected_pairs = total * total - sum(value * value for value in totals.values())
    return _alpha(
        observed, expected_pairs, total - correction / total, "every stretch coded by two coders has one value"
    )


def _alpha(observed: float, expected_pairs: float, scale: float, reason: str) -> Estimate:
    """`1 − observed / (expected_pairs / scale)`, undefined when the expected part is 0."""
    if expected_pairs == 0 or scale == 0:
        return undefined(reason)
    return Estimate(1.0 - observed * scale / expected_pairs)


def semantic_domains(parents: Mapping[str, str | None]) -> dict[str, str]:
    """Each code's semantic domain: its top-level code, following `parents` (a cycle stops at the code seen twice)."""
    domains = {}
    for code in parents:
        seen = {code}
        domain = code
        while (parent := parents.get(domain)) and parent not in seen:
            seen.add(parent)
            domain = parent
        domains[code] = domain
    return domains


def sum_parts(items: Iterable[tuple[PartitionParts, int]]) -> PartitionParts:
    """The parts of several documents, each taken the given number of times."""
    total = PartitionParts()
    for item, times in items:
        total.add(item, times)
    return total
