"""What an agreement report shows, row by row and column by column: shared by every renderer
and by the agreement screen, which draws the same rows without depending on a renderer."""

from __future__ import annotations

from collections.abc import Iterator

from annotator.agreement.coefficients import GWET_2014
from annotator.agreement.degenerate import RARE_PREVALENCE
from annotator.agreement.labels import (
    STATISTICS,
    TWO_CODER_ONLY,
    UNIT_DESCRIPTIONS,
    UNIT_STATISTICS,
    band,
    documents_phrase,
)
from annotator.agreement.report_model import AgreementReport, Figure, Path, RowFigures, SpanReport

Row = tuple[str, RowFigures]
"""A row's label (a code id, or a fixed label for the pooled row and a unit table) and its figures."""

POOLED = "pooled (all codes)"
DEGENERATE = "degenerate"
"""The band of every figure of a row whose figures cannot be read as agreement (never good)."""
MARK = "†"
"""Follows the name of a degenerate code in human-facing tables; the notes under the table say why."""


def span_columns(report: SpanReport) -> list[Path]:
    """The figure columns of the per-code table: paths into each code's entry (a new statistic's column goes here)."""
    two = len(report.coders) == 2
    columns: list[Path] = [(key,) for key in UNIT_STATISTICS if two or key not in TWO_CODER_ONLY]
    columns.append(("alpha_u",))
    columns.append(("segments", "share"))
    columns.append(("segments", "segment_kappa"))
    if two:
        columns.append(("segments", "f1"))
    return columns


def span_rows(report: SpanReport) -> Iterator[Row]:
    """(code id, figures) for each code, then the pooled row (whose α_U is the overall α_U)."""
    yield from report.codes.items()
    pooled = report.pooled_row()
    if pooled is not None:
        yield POOLED, pooled


def labelled(report: SpanReport, rows: list[Row]) -> list[Row]:
    """The rows labelled for people: the code's name, marked when its figures are degenerate."""
    return [
        (label if label == POOLED else report.name(label) + (MARK if row.warning else ""), row) for label, row in rows
    ]


def row_band(row: RowFigures, key: str, value: float | None) -> str:
    """The band a figure is drawn in: DEGENERATE for any defined figure of a degenerate row, else its own band."""
    if value is not None and row.warning is not None:
        return DEGENERATE
    return band(key, value)


def table_rows_and_columns(report: AgreementReport, label: str = "all units") -> tuple[list[Row], list[Path]]:
    """The rows (label, figures) and statistic columns of a report, for a table report or a span report."""
    if isinstance(report, SpanReport):
        return labelled(report, list(span_rows(report))), span_columns(report)
    return [(label, report.row)], [(key,) for key in UNIT_STATISTICS]


def method_lines(report: AgreementReport) -> list[str]:
    """What the figures are: unit, coders, documents, Fleiss variant, what q counts, thresholds."""
    lines = []
    if not isinstance(report, SpanReport):
        facts = report.row.facts
        lines.append(
            f"Unit table: {report.units} units × {len(report.coders)} coders"
            f" ({', '.join(report.coders)}); level of measurement: {report.level}."
        )
        lines.append(f"Fleiss' kappa: {facts.fleiss_kappa_variant}.")
        lines.append(
            f"Brennan–Prediger and AC1: q = {facts.brennan_prediger_q} categories"
            f" ({facts.brennan_prediger_q_counts}: {', '.join(map(str, report.categories))})."
        )
    else:
        unit = report.unit
        lines.append(f"Unit: {unit} ({UNIT_DESCRIPTIONS[unit]}); {report.unit_count:,} units per code.")
        lines.append(f"Coders: {', '.join(report.coders)}.")
        if report.left_out:
            lines.append(
                "Left out: "
                + ", ".join(f"{item.coder} ({item.why})" for item in report.left_out)
                + "; compared only when named with --coders."
            )
        lines.append(documents_line(report))
        if report.pooled is not None:
            variant = report.pooled.facts.fleiss_kappa_variant
            lines.append(f"Fleiss' kappa: {variant}{FLEISS_MISSING if variant == GWET_2014 else ''}.")
        lines.append("Brennan–Prediger and AC1: q = 2 categories (coded / not coded), the full scale of a code.")
        lines.append(
            f"α_U, u-α, |u-α: characters of {documents_phrase(list(report.continuum_documents))} coded by every"
            " compared coder, laid end to end in id order."
        )
        pair = f"; F1 of {report.coders[1]} against {report.coders[0]}" if len(report.coders) == 2 else ""
        lines.append(f"Segments (MAXQDA style): matched when overlap / union ≥ {report.threshold:g}{pair}.")
        if report.gamma is not None:
            lines.append(gamma_method(report))
    if report.bootstrap is not None:
        boot = report.bootstrap
        lines.append(
            f"Intervals: 95% percentile bootstrap, {boot.replicates} replicates resampling"
            f" {boot.resampled}, seed {boot.seed}."
        )
    return lines


FLEISS_MISSING = (
    ": a unit only one coder rated enters the category shares π_k but not the observed agreement,"
    " so with many such units it can fall far below Krippendorff's alpha; read it beside alpha"
)


def documents_line(report: SpanReport) -> str:
    """`Documents: 5 of 18 count: those both coders coded or marked done (A, D, …)`."""
    counted, total = len(report.counted_documents), len(report.documents)
    if report.all_documents:
        why = "every document counts for every compared coder (--all-documents)"
    elif len(report.coders) == 2:
        why = "those both coders coded or marked done"
    else:
        why = f"those at least two of the {len(report.coders)} coders coded or marked done"
    shown = ", ".join(report.counted_documents[:8]) + (", …" if counted > 8 else "")
    return (
        f"Documents: {counted} of {total} {'document' if total == 1 else 'documents'} count, {why}"
        f"{f' ({shown})' if shown else ''}; elsewhere a coder's values are missing."
    )


def warning_notes(rows: list[Row]) -> list[str]:
    """One line per degenerate row (label as shown): why its figures cannot be read as agreement."""
    return [f"{label}: {row.warning.text}" for label, row in rows if row.warning is not None]


DEGENERATE_NOTE = (
    f"{MARK} Degenerate: figures shown but not read as agreement and never banded as good, percent agreement and"
    f" AC1 included (one coder never used the code, or under {RARE_PREVALENCE:.0%} of the compared values are"
    " coded: the kappa paradox, Feinstein & Cicchetti 1990)"
)


def undefined_notes(rows: list[tuple[str, RowFigures]], columns: list[Path]) -> list[str]:
    """One line per distinct reason: which statistic is undefined where, and why (rows by their shown label)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for label, entry in rows:
        for path in columns:
            found = entry.figure(path)
            if found.value is None and found.why:
                grouped.setdefault((STATISTICS[path[-1]].short, found.why), []).append(label)
    return [f"{short} — {_names(labels)}: {reason}" for (short, reason), labels in grouped.items()]


def _names(labels: list[str], limit: int = 6) -> str:
    return ", ".join(labels[:limit]) + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


GammaRow = tuple[str, str, str, Figure]
"""(JSON key, code id or "", label for people, figure) of one γ figure."""


def gamma_rows(report: SpanReport) -> list[GammaRow]:
    """γ, γ-cat, then each code's γ-k (labelled by name, marked when the code is degenerate), when the
    report has γ; else none."""
    found = report.gamma
    if found is None:
        return []
    rows: list[GammaRow] = [
        ("gamma", "", STATISTICS["gamma"].name, found.gamma),
        ("gamma_cat", "", STATISTICS["gamma_cat"].name, found.gamma_cat),
    ]
    for code, figure in found.gamma_k.items():
        row = report.codes.get(code)
        mark = MARK if row is not None and row.warning is not None else ""
        rows.append(("gamma_k", code, f"γ-k {report.name(code)}{mark}", figure))
    return rows


def gamma_method(report: SpanReport) -> str:
    """How γ was computed: its weights, its random continua, and what its interval is."""
    assert report.gamma is not None  # asked only of a report with γ
    found = report.gamma
    return (
        f"Mathet et al.'s γ (Mathet, Widlöcher & Métivier 2015): the compared coders' spans as coded, on the"
        f" documents every compared coder coded; α = {found.alpha:g}, β = {found.beta:g}, Δ∅ = {found.delta_empty:g};"
        f" expected disorder from {found.samples} random continua ({found.sampler} sampler, seed {found.seed});"
        " its interval is the 95% range of that mean (sampling, not documents); not banded (no published bands)."
    )
