"""What an agreement report shows, row by row and column by column: shared by every renderer
and by the agreement screen, which draws the same rows without depending on a renderer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.agreement.labels import STATISTICS, TWO_CODER_ONLY, UNIT_DESCRIPTIONS, UNIT_STATISTICS, documents_phrase


def span_columns(report: dict[str, Any]) -> list[tuple[str, ...]]:
    """The figure columns of the per-code table: paths into each code's entry."""
    two = len(report["coders"]) == 2
    columns: list[tuple[str, ...]] = [(key,) for key in UNIT_STATISTICS if two or key not in TWO_CODER_ONLY]
    columns.append(("alpha_u",))
    columns.append(("segments", "share"))
    columns.append(("segments", "segment_kappa"))
    if two:
        columns.append(("segments", "f1"))
    return columns


def figure(entry: dict[str, Any], path: tuple[str, ...]) -> tuple[float | None, str | None, list[float] | None]:
    """Value, reason and interval of the figure at `path` in a report entry."""
    *parents, key = path
    for parent in parents:
        entry = entry.get(parent, {})
    return entry.get(key), entry.get(f"{key}_reason") or entry.get(f"{key}_ci_reason"), entry.get(f"{key}_ci")


def span_rows(report: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, entry) for each code, then the pooled row (whose α_U is the overall α_U)."""
    yield from report["codes"].items()
    if report["pooled"]:
        pooled = dict(report["pooled"])
        pooled["alpha_u"] = report["alpha_u"]
        if "alpha_u_reason" in report:
            pooled["alpha_u_reason"] = report["alpha_u_reason"]
        if "alpha_u_ci" in report:
            pooled["alpha_u_ci"] = report["alpha_u_ci"]
        yield "pooled (all codes)", pooled


def table_rows_and_columns(
    report: dict[str, Any], label: str = "all units"
) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, ...]]]:
    """The rows (label, figures) and statistic columns of a report, for a table report or a span report."""
    if report["kind"] == "table":
        return [(label, report)], [(key,) for key in UNIT_STATISTICS]
    return list(span_rows(report)), span_columns(report)


def method_lines(report: dict[str, Any]) -> list[str]:
    """What the figures are: unit, coders, documents, Fleiss variant, what q counts, thresholds."""
    lines = []
    if report["kind"] == "table":
        lines.append(
            f"Unit table: {report['units']} units × {len(report['coders'])} coders"
            f" ({', '.join(report['coders'])}); level of measurement: {report['level']}."
        )
        lines.append(f"Fleiss' kappa: {report['fleiss_kappa_variant']}.")
        lines.append(
            f"Brennan–Prediger and AC1: q = {report['brennan_prediger_q']} categories"
            f" ({report['brennan_prediger_q_counts']}: {', '.join(map(str, report['categories']))})."
        )
    else:
        unit = report["unit"]
        lines.append(f"Unit: {unit} ({UNIT_DESCRIPTIONS[unit]}); {report['unit_count']:,} units per code.")
        lines.append(f"Coders: {', '.join(report['coders'])}.")
        counted = (
            "every document counts for every compared coder (--all-documents)"
            if report["all_documents"]
            else "a document counts for a coder who marked it done or coded in it; elsewhere missing"
        )
        lines.append(f"Documents: {documents_phrase(report['documents'])}; {counted}.")
        if report["pooled"]:
            lines.append(f"Fleiss' kappa: {report['pooled']['fleiss_kappa_variant']}.")
        lines.append("Brennan–Prediger and AC1: q = 2 categories (coded / not coded), the full scale of a code.")
        lines.append(
            f"α_U, u-α, |u-α: characters of {documents_phrase(report['continuum_documents'])} coded by every"
            " compared coder, laid end to end in id order."
        )
        pair = f"; F1 of {report['coders'][1]} against {report['coders'][0]}" if len(report["coders"]) == 2 else ""
        lines.append(f"Segments (MAXQDA style): matched when overlap / union ≥ {report['threshold']:g}{pair}.")
    if "bootstrap" in report:
        boot = report["bootstrap"]
        lines.append(
            f"Intervals: 95% percentile bootstrap, {boot['replicates']} replicates resampling"
            f" {boot['resampled']}, seed {boot['seed']}."
        )
    return lines


def undefined_notes(rows: list[tuple[str, dict[str, Any]]], columns: list[tuple[str, ...]]) -> list[str]:
    """One line per distinct reason: which statistic is undefined where, and why."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for label, entry in rows:
        for path in columns:
            value, reason, _ = figure(entry, path)
            if value is None and reason:
                grouped.setdefault((STATISTICS[path[-1]].short, reason), []).append(label)
    return [f"{short} — {_names(labels)}: {reason}" for (short, reason), labels in grouped.items()]


def _names(labels: list[str], limit: int = 6) -> str:
    return ", ".join(labels[:limit]) + (f" and {len(labels) - limit} more" if len(labels) > limit else "")
