"""Section 3 of AGREEMENT.md: segment matching (MAXQDA style).

A segment `a` of coder A with code `k` is *matched* when coder B has a segment `b` of code `k`
that overlaps it with `|a ∩ b| / |a ∪ b| ≥ θ`. Only documents that count for both coders are
compared. Counts are kept per ordered coder pair so they add up over documents and codes.

The comparison is exact: θ is the fraction its decimal text says (`0.55` is 55/100, not the
binary float nearest to it), and with θ = p/q in lowest terms a match is the integer test
`|a ∩ b| · q ≥ p · |a ∪ b|`. In floating point `0.55 × 100` is 55.000000000000007, so spans
0–55 and 0–100 would not match at θ = 0.55 although their overlap is exactly 55% of the union.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from annotator.agreement.estimate import Estimate, ratio, undefined
from annotator.domain.errors import InputError
from annotator.domain.intervals import Interval

Threshold = float | str | Fraction
"""θ as typed (`"0.55"`), as a float (read as its shortest decimal, `repr`), or as a Fraction."""


def exact_threshold(threshold: Threshold) -> Fraction:
    """θ as an exact fraction: text and floats are read as the decimal they spell (0.55 → 11/20)."""
    if isinstance(threshold, Fraction):
        return threshold
    text = repr(threshold) if isinstance(threshold, float) else str(threshold).strip()
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise InputError(f"the segment overlap threshold must be a number such as 0.9 (got {text!r})") from None


def check_threshold(threshold: Threshold) -> Fraction:
    """The overlap threshold θ as an exact fraction, which must lie in (0, 1]."""
    exact = exact_threshold(threshold)
    if not 0 < exact <= 1:
        raise InputError(f"the segment overlap threshold must be above 0 and at most 1 (got {threshold})")
    return exact


def matched_count(segments: Sequence[Interval], others: Sequence[Interval], threshold: Threshold) -> int:
    """How many of `segments` have a segment in `others` with `common / union ≥ threshold`, exactly.

    With θ = p/q in lowest terms the test is `common · q ≥ p · union` on integers, so no rounding
    can drop a tie. Both lists are sorted and free of overlaps, so one forward pointer finds the
    candidates.
    """
    exact = exact_threshold(threshold)
    numerator, denominator = exact.numerator, exact.denominator
    matched = 0
    pointer = 0
    count = len(others)
    for start, end in segments:
        while pointer < count and others[pointer][1] <= start:
            pointer += 1
        candidate = pointer
        while candidate < count and others[candidate][0] < end:
            other_start, other_end = others[candidate]
            common = min(end, other_end) - max(start, other_start)
            union = (end - start) + (other_end - other_start) - common
            if common > 0 and common * denominator >= numerator * union:
                matched += 1
                break
            candidate += 1
    return matched


@dataclass
class SegmentCounts:
    """Segments per coder (`own`), and per ordered coder pair `(i, j)`: i's segments, and those j matches."""

    coder_count: int
    own: dict[int, int] = field(default_factory=dict)
    totals: dict[tuple[int, int], int] = field(default_factory=dict)
    matches: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(self, other: SegmentCounts, times: int = 1) -> None:
        """Add another document's (or code's) counts, `times` times."""
        for coder, value in other.own.items():
            self.own[coder] = self.own.get(coder, 0) + times * value
        for pair, value in other.totals.items():
            self.totals[pair] = self.totals.get(pair, 0) + times * value
        for pair, value in other.matches.items():
            self.matches[pair] = self.matches.get(pair, 0) + times * value


def count_segments(per_coder: Sequence[Sequence[Interval]], present: int, threshold: Threshold) -> SegmentCounts:
    """Segment counts of one code in one document, over the coder pairs the document counts for."""
    counts = SegmentCounts(len(per_coder))
    for i, mine in enumerate(per_coder):
        if not present >> i & 1:
            continue
        if mine:
            counts.own[i] = len(mine)
        for j, theirs in enumerate(per_coder):
            if i == j or not present >> j & 1:
                continue
            if mine:
                counts.totals[(i, j)] = len(mine)
                if theirs:
                    counts.matches[(i, j)] = matched_count(mine, theirs, threshold)
    return counts


def sum_counts(parts: Iterable[tuple[SegmentCounts, int]], coder_count: int) -> SegmentCounts:
    """The sum of counts, each part taken the given number of times."""
    total = SegmentCounts(coder_count)
    for part, times in parts:
        total.add(part, times)
    return total


def segment_figures(counts: SegmentCounts, coders: Sequence[str], code_count: int) -> dict[str, object]:
    """matched, total, share, MAXQDA's segment κ, precision / recall / F1 of B against A (two coders), by coder and by pair.

    With two coders A = `coders[0]`, B = `coders[1]`: precision = B's segments matched by A / B's
    segments; recall = A's segments matched by B / A's segments; F1 = 2PR/(P + R). With more
    coders, matched and total add over every ordered pair and each pair is reported apart.
    `code_count` is the number of codes compared (the codes of MAXQDA's result table).
    """
    matched = sum(counts.matches.values())
    total = sum(counts.totals.values())
    share = ratio(matched, total, "no segments of this code in documents counting for two coders")
    figures: dict[str, object] = {
        "matched": matched,
        "total": total,
        "share": share,
        "segment_kappa": segment_kappa(share, code_count),
    }
    if len(coders) == 2:
        figures.update(_pair_figures(counts, 0, 1, coders))
    else:
        reason = f"precision, recall and F1 compare two coders; {len(coders)} are compared (see pairs)"
        figures.update(precision=undefined(reason), recall=undefined(reason), f1=undefined(reason))
        figures["pairs"] = {
            f"{coders[a]}|{coders[b]}": _pair_figures(counts, a, b, coders)
            for a in range(len(coders))
            for b in range(a + 1, len(coders))
        }
    figures["by_coder"] = {coder: counts.own.get(index, 0) for index, coder in enumerate(coders)}
    return figures


def segment_kappa(share: Estimate, code_count: int) -> Estimate:
    """MAXQDA's κ for segment matching: `(P_o − 1/q)/(1 − 1/q)`, P_o the matched share, q the codes compared.

    The chance term is Brennan & Prediger's (1981) 1/q, fixed by the number of codes, because
    segment matching has no "neither coder coded this" cell from which marginals could come.
    """
    if share.value is None:
        return share
    if code_count < 2:
        return undefined("segment κ takes chance as 1 / number of codes compared, and only one code is compared")
    chance = 1.0 / code_count
    return Estimate((share.value - chance) / (1.0 - chance))


def _pair_figures(counts: SegmentCounts, a: int, b: int, coders: Sequence[str]) -> dict[str, object]:
    """Precision, recall and F1 of coder `b` against coder `a` (the reference)."""
    name_a, name_b = coders[a], coders[b]
    precision = ratio(counts.matches.get((b, a), 0), counts.totals.get((b, a), 0), f"{name_b} has no segments here")
    recall = ratio(counts.matches.get((a, b), 0), counts.totals.get((a, b), 0), f"{name_a} has no segments here")
    f1 = _f1(precision, recall, f"neither {name_a} nor {name_b} has segments here")
    return {**_pair_counts(counts, a, b), "precision": precision, "recall": recall, "f1": f1}


def _f1(precision: Estimate, recall: Estimate, neither: str) -> Estimate:
    """2PR/(P + R), undefined when either is, and when both are 0 (0/0: no segment matched either way)."""
    if precision.value is None and recall.value is None:
        return undefined(neither)
    if precision.value is None or recall.value is None:
        return undefined(precision.reason or recall.reason or "")
    if precision.value + recall.value == 0:
        # The issue 23 rule: a 0/0 is never shown as 0; the precision and recall of 0 beside it say why.
        return undefined(
            "no segment of either coder is matched: precision and recall are both 0, so 2PR/(P + R) is 0/0"
        )
    return Estimate(2 * precision.value * recall.value / (precision.value + recall.value))


def _pair_counts(counts: SegmentCounts, a: int, b: int) -> dict[str, object]:
    """Matched and total segments of one coder pair, both ways, and their share."""
    matched = counts.matches.get((a, b), 0) + counts.matches.get((b, a), 0)
    total = counts.totals.get((a, b), 0) + counts.totals.get((b, a), 0)
    return {"matched": matched, "total": total, "share": ratio(matched, total, "no segments of this code")}
