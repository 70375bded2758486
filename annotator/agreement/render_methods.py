"""The methods paragraph (`--format methods`): plain text a lead can paste, with the references it cites.

Every number in it is a number of the report, printed as the other formats print it (three
decimals), so a reader can find each one in the JSON; it says nothing the report does not hold,
and the same report gives the same paragraph.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from annotator.agreement.degenerate import RARE_PREVALENCE
from annotator.agreement.labels import REFERENCES, STATISTICS, UNIT_DESCRIPTIONS, UNIT_STATISTICS, fmt
from annotator.agreement.report_model import MISSING, AgreementReport, Figure, RowFigures, SpanReport, TableReport
from annotator.domain.errors import InputError

SPAN_DEFAULT = ("krippendorff_alpha", "alpha_u")
GAMMA_KEYS = ("gamma", "gamma_cat", "gamma_k")
"""Reported by default when the report has γ (`--gamma`)."""
TABLE_DEFAULT = ("krippendorff_alpha",)
TABLE_KEYS = UNIT_STATISTICS
"""What a unit table's report holds (`--table`)."""
WIDTH = 100
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
READING = (
    "Following Krippendorff (2004), chance-corrected coefficients of at least .800 are read as reliable,"
    " and those from .667 up to .800 as allowing tentative conclusions only."
)


def render_methods(report: AgreementReport, statistics: Sequence[str] | None = None) -> str:
    """The methods paragraph of a report, reporting `statistics` (JSON keys; default: α and α_U), then references."""
    chosen = _chosen(report, statistics)
    cited: list[str] = []
    if isinstance(report, SpanReport):
        sentences = _span_sentences(report, chosen, cited)
    else:
        sentences = _table_sentences(report, chosen, cited)
    if report.bootstrap is not None:
        boot = report.bootstrap
        sentences.append(
            f"Intervals are 95% percentile bootstrap intervals (Efron & Tibshirani, 1993) from {boot.replicates:,}"
            f" replicates resampling {boot.resampled} (seed {boot.seed})."
        )
        cited.append("efron1993")
    sentences.append(READING)
    cited.append("krippendorff2004")
    out = textwrap.wrap(" ".join(sentences), WIDTH, break_on_hyphens=False)
    out += ["", "References", ""]
    for key in sorted(dict.fromkeys(cited), key=lambda key: REFERENCES[key]):
        out.extend(textwrap.wrap(REFERENCES[key], WIDTH, subsequent_indent="    ", break_on_hyphens=False))
    return "\n".join(out) + "\n"


def _chosen(report: AgreementReport, statistics: Sequence[str] | None) -> tuple[str, ...]:
    """The statistics to report, checked against those the report holds."""
    spans = isinstance(report, SpanReport)
    with_gamma = isinstance(report, SpanReport) and report.gamma is not None
    if statistics is None:
        return (SPAN_DEFAULT + GAMMA_KEYS if with_gamma else SPAN_DEFAULT) if spans else TABLE_DEFAULT
    known = tuple(STATISTICS) if spans else TABLE_KEYS
    unknown = [key for key in statistics if key not in known]
    if unknown:
        raise InputError(f"unknown statistic {unknown[0]!r}; choose from {', '.join(known)}")
    if not with_gamma and any(key in GAMMA_KEYS for key in statistics):
        raise InputError("γ is computed only when asked for: add --gamma")
    return tuple(dict.fromkeys(statistics))


def _count(number: int, noun: str) -> str:
    """`two coders`, `12 documents`, `one code`."""
    word = NUMBERS[number] if number < len(NUMBERS) else f"{number:,}"
    return f"{word} {noun}{'' if number == 1 else 's'}"


def _each_code(count: int) -> str:
    """`Each of the 21 codes`, or `The code` when there is one."""
    return "The code" if count == 1 else f"Each of the {_count(count, 'code')}"


def _names(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _value(found: Figure) -> str:
    """`0.550 (95% CI [0.41, 0.66])`, or `undefined (reason)`."""
    if found.value is None:
        return f"undefined ({found.why or 'not computed'})"
    interval = f" (95% CI [{fmt(found.interval[0])}, {fmt(found.interval[1])}])" if found.interval else ""
    return fmt(found.value) + interval


def _full_name(key: str, report: AgreementReport, row: RowFigures | None) -> str:
    """The statistic's name, with the level of Krippendorff's alpha and the variant of Fleiss' kappa."""
    name = STATISTICS[key].name
    if key == "krippendorff_alpha":
        return f"{name} ({report.level})"
    if key == "fleiss_kappa" and row is not None:
        return f"{name} ({row.facts.fleiss_kappa_variant})"
    return name


def _span_sentences(report: SpanReport, chosen: Sequence[str], cited: list[str]) -> list[str]:
    """Who coded what, each chosen statistic, segment threshold, intervals, degenerate codes."""
    coders = list(report.coders)
    counted, total = len(report.counted_documents), len(report.documents)
    both = "both" if len(coders) == 2 else "at least two of them"
    shown = _names(list(report.counted_documents[:8])) + (" and others" if counted > 8 else "")
    where = (
        f"all {total} documents, each counted as coded by every coder"
        if report.all_documents
        else f"the {counted} of {total} documents that {both} coded or marked done ({shown})"
    )
    each = ", ".join(f"{coder} {len(docs)}" for coder, docs in report.documents_by_coder.items())
    sentences = [
        f"Agreement between {_count(len(coders), 'coder')} ({_names(coders)}) was assessed on {where}.",
        f"Documents each coder coded or marked done: {each}.",
    ]
    first = next(iter(report.codes.values()), None)
    if first is not None:
        unit = report.unit
        definition = UNIT_DESCRIPTIONS.get(unit, f"{unit} units")
        sentences.append(
            f"{_each_code(len(report.codes))} was compared on the {first.facts.pairable_units:,}"
            f" {unit} units of those documents (unit: {definition}), a unit being coded or not coded with the code"
            " by each coder."
        )
    pooled = report.pooled_row()
    readable = [code for code, row in report.codes.items() if row.warning is None]
    for key in chosen:
        statistic = STATISTICS[key]
        cited.extend(statistic.cites)
        if statistic.group == "gamma":
            sentences.append(_gamma_sentence(report, key, readable))
            continue
        overall = report.overall.get(key) or (pooled.figure(statistic.path) if pooled is not None else MISSING)
        parts = []
        if overall is not MISSING:
            scope = "pooled over all codes" if key not in report.overall else "over the documents every coder coded"
            parts.append(f"{_value(overall)} {scope}")
        per_code = [
            f"{report.name(code)} {_value(report.codes[code].figure(statistic.path))}"
            for code in readable
            if report.codes[code].figure(statistic.path) is not MISSING
        ]
        if per_code:
            parts.append("per code: " + "; ".join(per_code))
        if parts:
            sentences.append(f"{_full_name(key, report, pooled)} was {', and '.join(parts)}.")
        if statistic.group == "segments":
            sentences.append(
                f"Segments were matched when their overlap divided by their union reached θ = {report.threshold:g}."
            )
    sentences.extend(_degenerate_sentences(report, cited))
    return sentences


def _gamma_sentence(report: SpanReport, key: str, readable: Sequence[str]) -> str:
    """γ with its parameters and random continua, γ-cat, or each readable code's γ-k."""
    found = report.gamma
    assert found is not None  # _chosen refuses γ's keys without it
    if key == "gamma":
        return (
            f"Mathet et al.'s γ (Mathet, Widlöcher & Métivier, 2015), on the compared coders' spans as coded, with"
            f" α = {found.alpha:g}, β = {found.beta:g} and Δ∅ = {found.delta_empty:g} and the expected disorder from"
            f" {found.samples:,} random continua ({found.sampler} sampler, seed {found.seed}), was"
            f" {_gamma_value(found.gamma)}."
        )
    if key == "gamma_cat":
        return f"Mathet's γ-cat (Mathet, 2017) was {_gamma_value(found.gamma_cat)}."
    per_code = [
        f"{report.name(code)} {_gamma_value(found.gamma_k[code])}" for code in readable if code in found.gamma_k
    ]
    return f"Mathet's γ-k (Mathet, 2017) per code was {'; '.join(per_code) or 'not computed'}."


def _gamma_value(found: Figure) -> str:
    """`0.412 (95% sampling range [0.400, 0.420])`, or `undefined (reason)`: γ's interval comes from its
    random continua, not from resampling documents."""
    if found.value is None or found.interval is None:
        return _value(found)
    return f"{fmt(found.value)} (95% sampling range [{fmt(found.interval[0])}, {fmt(found.interval[1])}])"


def _degenerate_sentences(report: SpanReport, cited: list[str]) -> list[str]:
    """The codes whose figures are not read as agreement, named with why."""
    unused = [report.name(code) for code, row in report.codes.items() if row.warning and row.warning.kind != "rare"]
    rare = [report.name(code) for code, row in report.codes.items() if row.warning and row.warning.kind == "rare"]
    sentences = []
    if unused:
        sentences.append(
            f"The figures of {_names(unused)} are not read as agreement, since one coder never used"
            f" {'it' if len(unused) == 1 else 'them'} in the compared documents."
        )
    if rare:
        sentences.append(
            f"Nor are those of {_names(rare)}, coded in under {RARE_PREVALENCE:.0%} of the compared values, where"
            " chance-corrected coefficients swing with a few units while percent agreement stays near 1 (the"
            " kappa paradox; Feinstein & Cicchetti, 1990)."
            if unused
            else f"The figures of {_names(rare)} are not read as agreement: coded in under {RARE_PREVALENCE:.0%}"
            " of the compared values, their chance-corrected coefficients swing with a few units while percent"
            " agreement stays near 1 (the kappa paradox; Feinstein & Cicchetti, 1990)."
        )
        cited.append("feinstein1990")
    return sentences


def _table_sentences(report: TableReport, chosen: Sequence[str], cited: list[str]) -> list[str]:
    """Who rated how many units, and each chosen statistic."""
    coders = list(report.coders)
    sentences = [
        f"{_count(len(coders), 'coder').capitalize()} ({_names(coders)}) rated {report.units:,} units"
        f" ({report.row.facts.pairable_units:,} rated by two or more); level of measurement: {report.level}."
    ]
    for key in chosen:
        statistic = STATISTICS[key]
        cited.extend(statistic.cites)
        sentences.append(f"{_full_name(key, report, report.row)} was {_value(report.row.figure(statistic.path))}.")
    return sentences
