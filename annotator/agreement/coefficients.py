"""Section 1 of AGREEMENT.md: agreement coefficients on a unit table (units × coders, missing allowed).

Notation (as in AGREEMENT.md): unit `u` has `m_u` values, `n_uk` of them equal to category `k`;
*pairable* units have `m_u ≥ 2`. Every coefficient reads one `TableSummary`, computed in a single
pass over the table's distinct rows, so the same code serves `--table` files, per-code and
per-document span tables, pooled tables and bootstrap replicates.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from annotator.agreement.estimate import Estimate, chance_corrected, ratio, undefined
from annotator.agreement.unit_table import Row, UnitTable, Value, sort_values
from annotator.domain.errors import InputError

LEVELS = ("nominal", "ordinal", "interval", "ratio")
NO_PAIRABLE = "no unit has values from two or more coders (no pairable unit)"

FLEISS_1971 = "Fleiss (1971), no value missing"
GWET_2014 = "Gwet (2014) generalisation, as some values are missing"


@dataclass(frozen=True, slots=True)
class TableSummary:
    """The weighted sums every coefficient needs, from one pass over a unit table."""

    coder_count: int
    units: float  # weight of units with at least one value
    pairable: float  # weight of units with m_u ≥ 2
    agreement_sum: float  # Σ_u pairable  (agreeing ordered pairs)/(m_u(m_u − 1))
    share_sums: dict[Value, float]  # Σ_u (m_u ≥ 1)  n_uk/m_u
    coincidences: dict[tuple[Value, Value], float]  # o_ck
    pairs: dict[tuple[Value, Value], float]  # two coders: (value of coder 1, value of coder 2) → units
    complete: bool  # every unit with a value has a value from every coder
    categories: tuple[Value, ...]  # the categories q counts
    categories_from: str  # "codebook" or "observed"


def summarise(table: UnitTable) -> TableSummary:
    """One pass over the distinct rows of `table`, accumulating the sums of section 1."""
    units = pairable = agreement_sum = 0.0
    share_sums: defaultdict[Value, float] = defaultdict(float)
    coincidences: defaultdict[tuple[Value, Value], float] = defaultdict(float)
    pairs: defaultdict[tuple[Value, Value], float] = defaultdict(float)
    complete = True
    width = len(table.coders)
    for row, weight in table.rows.items():
        if not weight:
            continue
        size, counts, agreeing_pairs = _row_counts(row)
        if size == 0:
            continue
        units += weight
        if size < width:
            complete = False
        for value, count in counts:
            share_sums[value] += weight * count / size
        if width == 2 and size == 2:
            pairs[row] += weight  # type: ignore[index]
        if size < 2:
            continue
        pairable += weight
        agreement_sum += weight * agreeing_pairs / (size * (size - 1))
        for value_c, count_c in counts:
            for value_k, count_k in counts:
                together = count_c * (count_k - (value_c == value_k))
                if together:
                    coincidences[(value_c, value_k)] += weight * together / (size - 1)
    if table.categories is not None:
        categories, categories_from = table.categories, "codebook"
    else:
        categories, categories_from = table.observed_categories, "observed"
    return TableSummary(
        width,
        units,
        pairable,
        agreement_sum,
        dict(share_sums),
        dict(coincidences),
        dict(pairs),
        complete,
        categories,
        categories_from,
    )


@lru_cache(maxsize=4096)
def _row_counts(row: Row) -> tuple[int, tuple[tuple[Value, int], ...], int]:
    """`m_u`, the `(k, n_uk)` counts and the number of agreeing ordered pairs of one row (cached: rows repeat)."""
    counts = Counter(value for value in row if value is not None)
    size = sum(counts.values())
    return size, tuple(counts.items()), sum(count * (count - 1) for count in counts.values())


def percent_agreement(summary: TableSummary) -> Estimate:
    """`p_a` = mean over pairable units of (agreeing ordered pairs)/(m_u(m_u − 1))."""
    return ratio(summary.agreement_sum, summary.pairable, NO_PAIRABLE)


def cohen_kappa(summary: TableSummary) -> Estimate:
    """Cohen (1960), two coders, units both coded: `κ = (p_o − p_e)/(1 − p_e)`, `p_e = Σ_k p_1k p_2k`."""
    marginals = _two_coder_marginals(summary)
    if isinstance(marginals, Estimate):
        return marginals
    observed, first, second = marginals
    expected = sum(first[k] * second.get(k, 0.0) for k in first)
    return chance_corrected(observed, expected, "Cohen's kappa")


def scott_pi(summary: TableSummary) -> Estimate:
    """Scott (1955), two coders, units both coded: as kappa with `p_e = Σ_k ((p_1k + p_2k)/2)²`."""
    marginals = _two_coder_marginals(summary)
    if isinstance(marginals, Estimate):
        return marginals
    observed, first, second = marginals
    expected = sum(((first.get(k, 0.0) + second.get(k, 0.0)) / 2) ** 2 for k in set(first) | set(second))
    return chance_corrected(observed, expected, "Scott's pi")


def _two_coder_marginals(summary: TableSummary) -> Estimate | tuple[float, dict[Value, float], dict[Value, float]]:
    """`p_o` and each coder's marginal proportions over the units both coders coded, or why not."""
    if summary.coder_count != 2:
        return undefined(f"defined for two coders; {summary.coder_count} are compared (see Fleiss' kappa)")
    total = sum(summary.pairs.values())
    if total == 0:
        return undefined("no unit has values from both coders")
    agree = 0.0
    first: defaultdict[Value, float] = defaultdict(float)
    second: defaultdict[Value, float] = defaultdict(float)
    for (value_1, value_2), weight in summary.pairs.items():
        first[value_1] += weight / total
        second[value_2] += weight / total
        if value_1 == value_2:
            agree += weight
    return agree / total, dict(first), dict(second)


def category_shares(summary: TableSummary) -> dict[Value, float]:
    """`π_k` = mean over units with at least one value of `n_uk / m_u`."""
    return {value: share / summary.units for value, share in summary.share_sums.items()}


def fleiss_kappa(summary: TableSummary) -> Estimate:
    """Fleiss (1971) / Gwet (2014) with missing values: `(p_a − Σ_k π_k²)/(1 − Σ_k π_k²)`."""
    agreement = percent_agreement(summary)
    if agreement.value is None:
        return agreement
    expected = sum(share * share for share in category_shares(summary).values())
    return chance_corrected(agreement.value, expected, "Fleiss' kappa")


def fleiss_variant(summary: TableSummary) -> str:
    """Which Fleiss' kappa this is: Fleiss (1971) when no value is missing, else Gwet's (2014) generalisation."""
    return FLEISS_1971 if summary.complete else GWET_2014


def category_count(summary: TableSummary) -> int:
    """`q`: the number of categories (the codebook's when the table names them, else those observed)."""
    return len(summary.categories)


def brennan_prediger(summary: TableSummary) -> Estimate:
    """Brennan & Prediger (1981), Bennett's S for two coders: `(p_a − 1/q)/(1 − 1/q)`."""
    agreement = percent_agreement(summary)
    if agreement.value is None:
        return agreement
    q = category_count(summary)
    if q < 2:
        return undefined(f"only one category ({summary.categories_from}), so 1 − 1/q = 0")
    return chance_corrected(agreement.value, 1.0 / q, "Brennan–Prediger")


def gwet_ac1(summary: TableSummary) -> Estimate:
    """Gwet (2008, 2014) AC1: `p_e = Σ_k π_k(1 − π_k)/(q − 1)`, `(p_a − p_e)/(1 − p_e)`."""
    agreement = percent_agreement(summary)
    if agreement.value is None:
        return agreement
    q = category_count(summary)
    if q < 2:
        return undefined(f"only one category ({summary.categories_from}), so q − 1 = 0")
    expected = sum(share * (1.0 - share) for share in category_shares(summary).values()) / (q - 1)
    return chance_corrected(agreement.value, expected, "Gwet's AC1")


def krippendorff_alpha(summary: TableSummary, level: str = "nominal") -> Estimate:
    """Krippendorff's alpha: `α = 1 − (n − 1) Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck`.

    `o_ck` = Σ over pairable units of (ordered c–k value pairs)/(m_u − 1); `n_c = Σ_k o_ck`;
    `δ²` nominal `[c ≠ k]`, interval `(c − k)²`, ratio `((c − k)/(c + k))²`, ordinal
    `(Σ_{g from c to k} n_g − (n_c + n_k)/2)²` over the categories in rank order.
    """
    if summary.pairable == 0:
        return undefined(NO_PAIRABLE)
    marginals: defaultdict[Value, float] = defaultdict(float)
    for (value_c, _), weight in summary.coincidences.items():
        marginals[value_c] += weight
    categories = [value for value in sort_values(marginals) if marginals[value] > 0]
    delta = _distance(level, categories, marginals)
    total = sum(marginals.values())
    observed = sum(weight * delta(c, k) for (c, k), weight in summary.coincidences.items() if c != k)
    expected = 0.0
    for index, c in enumerate(categories):
        for k in categories[index + 1 :]:
            expected += 2.0 * marginals[c] * marginals[k] * delta(c, k)
    if expected == 0:
        return undefined("every pairable value is the same, so the expected disagreement is 0")
    return Estimate(1.0 - (total - 1.0) * observed / expected)


def _distance(level: str, categories: list[Value], marginals: Mapping[Value, float]) -> Callable[[Value, Value], float]:
    """The squared difference function `δ²(c, k)` of a level of measurement."""
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    for value in categories:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(f"the {level} level needs numeric values; found {value!r}")
    if level == "interval":
        return lambda c, k: float((c - k) ** 2)  # type: ignore[operator]
    if level == "ratio":
        if any(value < 0 for value in categories):  # type: ignore[operator]
            raise InputError("the ratio level needs values of zero or more")
        return lambda c, k: 0.0 if c == k else float(((c - k) / (c + k)) ** 2)  # type: ignore[operator]
    # Ordinal: ranks follow the numeric order; cumulative sums give Σ_{g from c to k} n_g in O(1).
    rank = {value: index for index, value in enumerate(categories)}
    cumulative = [0.0]
    for value in categories:
        cumulative.append(cumulative[-1] + marginals[value])

    def ordinal(c: Value, k: Value) -> float:
        """`(Σ_{g from c to k} n_g − (n_c + n_k)/2)²`."""
        low, high = sorted((rank[c], rank[k]))
        between = cumulative[high + 1] - cumulative[low]
        return float((between - (marginals[c] + marginals[k]) / 2) ** 2)

    return ordinal


TABLE_STATISTICS: dict[str, Callable[[TableSummary], Estimate]] = {
    "percent_agreement": percent_agreement,
    "cohen_kappa": cohen_kappa,
    "scott_pi": scott_pi,
    "fleiss_kappa": fleiss_kappa,
    "krippendorff_alpha": krippendorff_alpha,
    "gwet_ac1": gwet_ac1,
    "brennan_prediger": brennan_prediger,
}
"""The coefficients of section 1, by their JSON names, in report order."""


def table_statistics(table: UnitTable, level: str = "nominal") -> dict[str, Estimate]:
    """Every section-1 coefficient of `table` (alpha at `level`), keyed by JSON name."""
    summary = summarise(table)
    results = {name: statistic(summary) for name, statistic in TABLE_STATISTICS.items() if name != "krippendorff_alpha"}
    results["krippendorff_alpha"] = krippendorff_alpha(summary, level)
    return {name: results[name] for name in TABLE_STATISTICS}
