"""What an agreement report shows, row by row and column by column: shared by every renderer
and by the agreement screen, which draws the same rows without depending on a renderer."""

from __future__ import annotations

from collections.abc import Iterator

from annotator.agreement.labels import STATISTICS, TWO_CODER_ONLY, UNIT_DESCRIPTIONS, UNIT_STATISTICS, documents_phrase
from annotator.agreement.report_model import AgreementReport, Path, RowFigures, SpanReport

Row = tuple[str, RowFigures]
"""A row's label (a code id, or a fixed label for the pooled row and a unit table) and its figures."""

POOLED = "pooled (all codes)"


def span_columns(report: SpanReport) -> list[Path]:
    """The figure columns of the per-code table: paths into each code's entry (a new statistic's column goes here)."""
    two = len(report.coders) == 2
    columns: list[Path] = [(key,) for key in UNIT_STATISTICS if two or key not in TWO_CODER_ONLY]
    columns.append(("alpha_u",))
    columns.append(("segments", "share"))
    if two:
        columns.append(("segments", "f1"))
    return columns


def span_rows(report: SpanReport) -> Iterator[Row]:
    """(code id, figures) for each code, then the pooled row (whose α_U is the overall α_U)."""
    yield from report.codes.items()
    pooled = report.pooled_row()
    if pooled is not None:
        yield POOLED, pooled


def table_rows_and_columns(report: AgreementReport, label: str = "all units") -> tuple[list[Row], list[Path]]:
    """The rows (label, figures) and statistic columns of a report, for a table report or a span report."""
    if isinstance(report, SpanReport):
        return list(span_rows(report)), span_columns(report)
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
        counted = (
            "every document counts for every compared coder (--all-documents)"
            if report.all_documents
            else "a document counts for a coder who marked it done or coded in it; elsewhere missing"
        )
        lines.append(f"Documents: {documents_phrase(list(report.documents))}; {counted}.")
        if report.pooled is not None:
            lines.append(f"Fleiss' kappa: {report.pooled.facts.fleiss_kappa_variant}.")
        lines.append("Brennan–Prediger and AC1: q = 2 categories (coded / not coded), the full scale of a code.")
        lines.append(
            f"α_U, u-α, |u-α: characters of {documents_phrase(list(report.continuum_documents))} coded by every"
            " compared coder, laid end to end in id order."
        )
        pair = f"; F1 of {report.coders[1]} against {report.coders[0]}" if len(report.coders) == 2 else ""
        lines.append(f"Segments (MAXQDA style): matched when overlap / union ≥ {report.threshold:g}{pair}.")
    if report.bootstrap is not None:
        boot = report.bootstrap
        lines.append(
            f"Intervals: 95% percentile bootstrap, {boot.replicates} replicates resampling"
            f" {boot.resampled}, seed {boot.seed}."
        )
    return lines


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
