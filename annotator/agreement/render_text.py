"""Render an agreement report (the JSON-ready dict) as a terminal table, Markdown, CSV or JSON.

Rendering never colours by itself: the terminal table takes a `style(text, band)` function, and
the CLI passes one that adds colours (click.style); the library's output is plain text.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

from annotator.agreement.disagreements import Disagreement
from annotator.agreement.labels import (
    BAND_NOTE,
    LEGEND,
    OVERALL_UNITIZING,
    STATISTICS,
    UNIT_STATISTICS,
    band,
    fmt,
)
from annotator.agreement.report_rows import figure, method_lines, table_rows_and_columns, undefined_notes

Style = Callable[[str, str], str]
"""(text, band) → text as shown; band is good / tentative / poor / plain / undefined / heading."""

WIDTH = 100


def plain(text: str, _band: str) -> str:
    """No styling."""
    return text


# --- terminal table -------------------------------------------------------------------------------


def render_table(report: dict[str, Any], style: Style = plain) -> str:
    """A table readable at 100 columns; `style` colours each figure by its band."""
    out = [style("Inter-coder agreement", "heading")]
    notes = method_lines(report) + [BAND_NOTE + "."]
    if report["kind"] == "spans" and "bootstrap" not in report:
        notes.append(LEGEND + ".")
    for line in notes:
        out.extend(textwrap.wrap(line, WIDTH, subsequent_indent="  ", break_on_hyphens=False))
    out.append("")
    rows, columns = table_rows_and_columns(report, "table")
    if report["kind"] == "table":
        out.extend(_long_rows(rows, columns, style))
    else:
        if not rows:
            out.append("No compared coder used any of the compared codes in these documents.")
        elif "bootstrap" in report:
            out.extend(_long_rows(rows, columns, style))
        else:
            out.extend(_wide_rows(rows, _wide_columns(columns), style))
        out.append("")
        overall: list[tuple[dict[str, Any], tuple[str, ...]]] = [(report, (key,)) for key in OVERALL_UNITIZING]
        if report["pooled"] and "bootstrap" not in report and _wide_columns(columns) != columns:
            overall.append((report["pooled"], SEGMENT_KAPPA))
        for entry, path in overall:
            value, reason, interval = figure(entry, path)
            text = style(fmt(value), band(path[-1], value)) + _interval_text(interval)
            name = STATISTICS[path[-1]].name if len(path) == 1 else "Segment κ (MAXQDA), pooled"
            out.append(f"{name:<36} {text}")
            if value is None and reason:
                out.extend(textwrap.wrap(reason, WIDTH, initial_indent="  ", subsequent_indent="  "))
        out.append("Per-document figures: --format json, csv or html.")
    notes = undefined_notes(rows, columns)
    if notes:
        out.append("")
        out.append("Undefined (—), and why:")
        for note in notes:
            out.extend(textwrap.wrap(note, WIDTH, initial_indent="  ", subsequent_indent="    "))
    return "\n".join(out) + "\n"


SEGMENT_KAPPA = ("segments", "segment_kappa")
NAME_WIDTH = 16
"""The narrowest code column of the wide table: below it code names are clipped past reading."""


def _wide_columns(columns: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The columns of the wide table: MAXQDA's segment κ leaves it when the codes' column would be too narrow.

    It is then shown pooled under the table; per code it is in every other format.
    """
    if WIDTH - 8 * len(columns) >= NAME_WIDTH:
        return columns
    return [column for column in columns if column != SEGMENT_KAPPA]


def _wide_rows(rows: list[tuple[str, dict[str, Any]]], columns: list[tuple[str, ...]], style: Style) -> list[str]:
    """One line per code, one column per statistic."""
    cell = 8
    name_width = min(30, WIDTH - cell * len(columns))
    header = "code".ljust(name_width) + "".join(STATISTICS[path[-1]].short.rjust(cell) for path in columns)
    lines = [style(header, "heading")]
    for label, entry in rows:
        text = _clip(label, name_width - 1).ljust(name_width)
        for path in columns:
            value, _, _ = figure(entry, path)
            text += style(fmt(value).rjust(cell), band(path[-1], value))
        lines.append(text)
    return lines


def _long_rows(rows: list[tuple[str, dict[str, Any]]], columns: list[tuple[str, ...]], style: Style) -> list[str]:
    """One block per code, one line per statistic with its interval (used with --bootstrap and for tables)."""
    lines = []
    for label, entry in rows:
        if label != "table":
            lines.append(style(label, "heading"))
        for path in columns:
            value, _, interval = figure(entry, path)
            statistic = STATISTICS[path[-1]]
            text = style(fmt(value).rjust(7), band(path[-1], value)) + _interval_text(interval)
            lines.append(f"  {statistic.name:<34}{text}{_variant_note(entry, path[-1])}")
    return lines


def _variant_note(entry: dict[str, Any], key: str) -> str:
    """The Fleiss variant or the q of Brennan–Prediger / AC1, beside the figure."""
    if key == "fleiss_kappa" and "fleiss_kappa_variant" in entry:
        return f"   {entry['fleiss_kappa_variant']}"
    if key in ("brennan_prediger", "gwet_ac1") and "brennan_prediger_q" in entry:
        return f"   q = {entry['brennan_prediger_q']} ({entry['brennan_prediger_q_counts']})"
    return ""


def _interval_text(interval: list[float] | None) -> str:
    return f"  [{interval[0]:.3f}, {interval[1]:.3f}]" if interval else ""


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- Markdown -------------------------------------------------------------------------------------


def render_markdown(report: dict[str, Any]) -> str:
    """Markdown for a paper's appendix: method notes, a table per code, overall figures, undefined reasons."""
    out = ["# Inter-coder agreement", ""]
    out.extend(f"- {line}" for line in method_lines(report))
    out.append("")
    rows, columns = table_rows_and_columns(report)
    out.append(
        "| "
        + " | ".join(
            ["code" if report["kind"] == "spans" else "data"] + [STATISTICS[path[-1]].name for path in columns]
        )
        + " |"
    )
    out.append("|---" + "|---:" * len(columns) + "|")
    for label, entry in rows:
        cells = []
        for path in columns:
            value, _, interval = figure(entry, path)
            cells.append(fmt(value) + (f" [{interval[0]:.3f}, {interval[1]:.3f}]" if interval else ""))
        out.append("| " + " | ".join([_md(label)] + cells) + " |")
    if report["kind"] == "spans":
        out.append("")
        for key in OVERALL_UNITIZING:
            value, reason, interval = figure(report, (key,))
            extra = f", 95% CI [{interval[0]:.3f}, {interval[1]:.3f}]" if interval else ""
            why = f" (undefined: {reason})" if value is None and reason else ""  # fmt already wrote "—"
            out.append(f"- {STATISTICS[key].name} ({STATISTICS[key].reference}): {fmt(value)}{extra}{why}")
    notes = undefined_notes(rows, columns)
    if notes:
        out.extend(["", "Undefined figures (—):", ""])
        out.extend(f"- {_md(note)}" for note in notes)
    out.extend(
        [
            "",
            "References: "
            + "; ".join(f"{STATISTICS[path[-1]].name}: {STATISTICS[path[-1]].reference}" for path in columns)
            + ".",
        ]
    )
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


# --- CSV and JSON ---------------------------------------------------------------------------------

CSV_COLUMNS = (
    "scope",
    "code",
    "document",
    "statistic",
    "name",
    "value",
    "ci_low",
    "ci_high",
    "reason",
    "unit",
    "coders",
    "documents",
)


def render_csv(report: dict[str, Any]) -> str:
    """One row per figure (long form, for R or pandas), each naming statistic, unit, coders and documents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow(row)
    return buffer.getvalue()


def csv_rows(report: dict[str, Any]) -> Iterator[list[Any]]:
    """The rows of `render_csv`."""
    coders = ";".join(report["coders"])
    if report["kind"] == "table":
        for key in UNIT_STATISTICS:
            yield _csv_row("table", "", "", report, (key,), f"units:{report['units']}", coders, "")
        return
    unit = report["unit"]
    documents = ";".join(report["documents"])
    continuum = ";".join(report["continuum_documents"])
    columns = (
        [(key,) for key in UNIT_STATISTICS]
        + [("alpha_u",)]
        + [("segments", key) for key in ("share", "segment_kappa", "precision", "recall", "f1")]
    )
    for code, entry in report["codes"].items():
        for path in columns:
            yield _csv_row(
                "code",
                code,
                "",
                entry,
                path,
                "character" if path == ("alpha_u",) else unit,
                coders,
                continuum if path == ("alpha_u",) else documents,
            )
    if report["pooled"]:
        for path in columns:
            if path != ("alpha_u",):
                yield _csv_row("pooled", "", "", report["pooled"], path, unit, coders, documents)
    for key in OVERALL_UNITIZING:
        yield _csv_row("overall", "", "", report, (key,), "character", coders, continuum)
    for doc, per_code in report.get("per_document", {}).items():
        for code, entry in per_code.items():
            for path in columns:
                if path != ("alpha_u",):
                    yield _csv_row("document", code, doc, entry, path, unit, coders, doc)


def _csv_row(
    scope: str,
    code: str,
    doc: str,
    entry: dict[str, Any],
    path: tuple[str, ...],
    unit: str,
    coders: str,
    documents: str,
) -> list[Any]:
    value, reason, interval = figure(entry, path)
    key = path[-1]
    name = STATISTICS[key].name
    if key == "fleiss_kappa" and "fleiss_kappa_variant" in entry:
        name += f" ({entry['fleiss_kappa_variant']})"
    if key in ("brennan_prediger", "gwet_ac1") and "brennan_prediger_q" in entry:
        name += f" (q = {entry['brennan_prediger_q']}, {entry['brennan_prediger_q_counts']})"
    low, high = interval if interval else ("", "")
    return [
        scope,
        code,
        doc,
        key,
        name,
        "" if value is None else repr(value),
        low,
        high,
        reason or "",
        unit,
        coders,
        documents,
    ]


def render_json(report: dict[str, Any]) -> str:
    """The report as JSON (the documented shape) on one line, UTF-8 text kept as is.

    Not indented: an indent makes the json module use its pure-Python encoder, ten times slower
    on a large report (`python -m json.tool` or `jq .` indents it for reading)."""
    return json.dumps(report, ensure_ascii=False) + "\n"


# --- disagreements --------------------------------------------------------------------------------


def render_disagreements_table(items: list[Disagreement], coders: list[str]) -> str:
    """Disagreements as lines readable at 100 columns: where, who coded what, the text (shortened)."""
    if not items:
        return "No disagreements: the compared coders coded the same stretches with the same codes.\n"
    lines = [f"{len(items)} disagreement(s) between {', '.join(coders)}, in document order:"]
    for item in items:
        who = "; ".join(f"{coder}: {', '.join(codes) or '—'}" for coder, codes in item.codes.items())
        lines.append(f"{item.document_id} [{item.start}, {item.end})  {who}")
        if item.text is not None:
            lines.append("    " + _clip(" ".join(item.text.split()), WIDTH - 4))
    return "\n".join(lines) + "\n"


def render_disagreements_csv(items: list[Disagreement], coders: list[str]) -> str:
    """One row per disagreement: document, start, end, kind, one column of codes per coder, text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["document", "start", "end", "kind", *coders, "text"])
    for item in items:
        writer.writerow(
            [
                item.document_id,
                item.start,
                item.end,
                item.kind,
                *(";".join(item.codes.get(coder, ())) if coder in item.codes else "" for coder in coders),
                item.text or "",
            ]
        )
    return buffer.getvalue()


def render_disagreements_json(items: list[Disagreement], coders: list[str]) -> str:
    """`{"coders": [...], "disagreements": [{document, start, end, text, kind, codes}]}`."""
    return (
        json.dumps(
            {"coders": coders, "disagreements": [item.as_dict() for item in items]}, ensure_ascii=False, indent=1
        )
        + "\n"
    )
