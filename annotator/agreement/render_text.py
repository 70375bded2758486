"""Render an agreement report (report_model.py) as a terminal table, Markdown, CSV or JSON.

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

from annotator.agreement.analysis import cyclic_gc_paused
from annotator.agreement.disagreements import Disagreement
from annotator.agreement.labels import (
    BAND_NOTE,
    LEGEND,
    STATISTICS,
    UNIT_STATISTICS,
    band,
    fmt,
)
from annotator.agreement.report_model import AgreementReport, Figure, Path, RowFigures, SpanReport
from annotator.agreement.report_rows import (
    DEGENERATE_NOTE,
    MARK,
    Row,
    gamma_rows,
    method_lines,
    row_band,
    table_rows_and_columns,
    undefined_notes,
    warning_notes,
)

Style = Callable[[str, str], str]
"""(text, band) → text as shown; band is good / tentative / poor / plain / undefined / heading."""

WIDTH = 100


def plain(text: str, _band: str) -> str:
    """No styling."""
    return text


# --- terminal table -------------------------------------------------------------------------------


def render_table(report: AgreementReport, style: Style = plain) -> str:
    """A table readable at 100 columns; `style` colours each figure by its band."""
    out = [style("Inter-coder agreement", "heading")]
    notes = method_lines(report) + [BAND_NOTE + "."]
    if isinstance(report, SpanReport) and report.bootstrap is None:
        notes.append(LEGEND + ".")
    for line in notes:
        out.extend(textwrap.wrap(line, WIDTH, subsequent_indent="  ", break_on_hyphens=False))
    out.append("")
    rows, columns = table_rows_and_columns(report, "table")
    if not isinstance(report, SpanReport):
        out.extend(_long_rows(rows, columns, style))
    else:
        if not rows:
            out.append("No compared coder used any of the compared codes in these documents.")
        elif report.bootstrap is not None:
            out.extend(_long_rows(rows, columns, style))
        else:
            out.extend(_wide_rows(rows, _wide_columns(columns), style))
        out.append("")
        overall = [(key, STATISTICS[key].name, found) for key, found in report.overall.items()]
        if report.pooled is not None and report.bootstrap is None and _wide_columns(columns) != columns:
            overall.append(("segment_kappa", "Segment κ (MAXQDA), pooled", report.pooled.figure(SEGMENT_KAPPA)))
        overall += [(key, label, found) for key, _code, label, found in gamma_rows(report)]
        for key, name, found in overall:
            text = style(fmt(found.value), band(key, found.value)) + _interval_text(found.interval)
            out.append(f"{name:<36} {text}")
            if found.value is None and found.why:
                out.extend(textwrap.wrap(found.why, WIDTH, initial_indent="  ", subsequent_indent="  "))
        out.append("Per-document figures: --format json, csv or html.")
    warnings = warning_notes(rows)
    if warnings:
        out.append("")
        out.extend(textwrap.wrap(DEGENERATE_NOTE + ":", WIDTH, subsequent_indent="  "))
        for note in warnings:
            out.extend(textwrap.wrap(note, WIDTH, initial_indent="  ", subsequent_indent="    "))
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


def _wide_columns(columns: list[Path]) -> list[Path]:
    """The columns of the wide table: MAXQDA's segment κ leaves it when the codes' column would be too narrow.

    It is then shown pooled under the table; per code it is in every other format.
    """
    if WIDTH - 8 * len(columns) >= NAME_WIDTH:
        return columns
    return [column for column in columns if column != SEGMENT_KAPPA]


def _wide_rows(rows: list[Row], columns: list[Path], style: Style) -> list[str]:
    """One line per code, one column per statistic."""
    cell = 8
    name_width = min(30, WIDTH - cell * len(columns))
    header = "code".ljust(name_width) + "".join(STATISTICS[path[-1]].short.rjust(cell) for path in columns)
    lines = [style(header, "heading")]
    for label, entry in rows:
        text = _clip(label, name_width - 1).ljust(name_width)
        for path in columns:
            value = entry.figure(path).value
            text += style(fmt(value).rjust(cell), row_band(entry, path[-1], value))
        lines.append(text)
    return lines


def _long_rows(rows: list[Row], columns: list[Path], style: Style) -> list[str]:
    """One block per code, one line per statistic with its interval (used with --bootstrap and for tables)."""
    lines = []
    for label, entry in rows:
        if label != "table":
            lines.append(style(label, "heading"))
        for path in columns:
            found = entry.figure(path)
            statistic = STATISTICS[path[-1]]
            text = style(fmt(found.value).rjust(7), row_band(entry, path[-1], found.value)) + _interval_text(
                found.interval
            )
            lines.append(f"  {statistic.name:<34}{text}{_variant_note(entry, path[-1])}")
    return lines


def _variant_note(entry: RowFigures, key: str) -> str:
    """The Fleiss variant or the q of Brennan–Prediger / AC1, beside the figure."""
    if key == "fleiss_kappa":
        return f"   {entry.facts.fleiss_kappa_variant}"
    if key in ("brennan_prediger", "gwet_ac1"):
        return f"   q = {entry.facts.brennan_prediger_q} ({entry.facts.brennan_prediger_q_counts})"
    return ""


def _interval_text(interval: tuple[float, float] | None) -> str:
    return f"  [{interval[0]:.3f}, {interval[1]:.3f}]" if interval else ""


def _clip(text: str, width: int) -> str:
    """`text` cut to `width` with an ellipsis, a degenerate code's mark kept at the end."""
    if len(text) <= width:
        return text
    if text.endswith(MARK):
        return text[: width - 2] + "…" + MARK
    return text[: width - 1] + "…"


# --- Markdown -------------------------------------------------------------------------------------


def render_markdown(report: AgreementReport) -> str:
    """Markdown for a paper's appendix: method notes, a table per code, overall figures, undefined reasons."""
    out = ["# Inter-coder agreement", ""]
    out.extend(f"- {line}" for line in method_lines(report))
    out.append("")
    rows, columns = table_rows_and_columns(report)
    out.append(
        "| "
        + " | ".join(
            ["code" if isinstance(report, SpanReport) else "data"] + [STATISTICS[path[-1]].name for path in columns]
        )
        + " |"
    )
    out.append("|---" + "|---:" * len(columns) + "|")
    for label, entry in rows:
        cells = []
        for path in columns:
            found = entry.figure(path)
            cells.append(fmt(found.value) + _interval_text(found.interval).replace("  ", " ", 1))
        out.append("| " + " | ".join([_md(label)] + cells) + " |")
    if isinstance(report, SpanReport):
        out.append("")
        for key, found in report.overall.items():
            extra = f", 95% CI {_interval_text(found.interval).strip()}" if found.interval else ""
            why = f" (undefined: {found.why})" if found.value is None and found.why else ""  # fmt wrote "—"
            out.append(f"- {STATISTICS[key].name} ({STATISTICS[key].reference}): {fmt(found.value)}{extra}{why}")
        for key, _code, label, found in gamma_rows(report):
            extra = f", 95% sampling range {_interval_text(found.interval).strip()}" if found.interval else ""
            why = f" (undefined: {found.why})" if found.value is None and found.why else ""
            out.append(f"- {_md(label)} ({STATISTICS[key].reference}): {fmt(found.value)}{extra}{why}")
    warnings = warning_notes(rows)
    if warnings:
        out.extend(["", DEGENERATE_NOTE + ":", ""])
        out.extend(f"- {_md(note)}" for note in warnings)
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
    "code_name",
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
    "warning",
)


def render_csv(report: AgreementReport) -> str:
    """One row per figure (long form, for R or pandas), each naming statistic, unit, coders and documents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow(row)
    return buffer.getvalue()


def csv_rows(report: AgreementReport) -> Iterator[list[Any]]:
    """The rows of `render_csv`."""
    coders = ";".join(report.coders)
    if not isinstance(report, SpanReport):
        for key in UNIT_STATISTICS:
            yield _csv_row("table", "", "", "", report.row, (key,), f"units:{report.units}", coders, "")
        return
    unit = report.unit
    documents = ";".join(report.documents)
    continuum = ";".join(report.continuum_documents)
    columns = (
        [(key,) for key in UNIT_STATISTICS]
        + [("alpha_u",)]
        + [("segments", key) for key in ("share", "segment_kappa", "precision", "recall", "f1")]
    )
    for code, entry in report.codes.items():
        for path in columns:
            yield _csv_row(
                "code",
                code,
                report.name(code),
                "",
                entry,
                path,
                "character" if path == ("alpha_u",) else unit,
                coders,
                continuum if path == ("alpha_u",) else documents,
            )
    if report.pooled is not None:
        for path in columns:
            if path != ("alpha_u",):
                yield _csv_row("pooled", "", "", "", report.pooled, path, unit, coders, documents)
    for key, found in report.overall.items():
        name = STATISTICS[key].name
        yield _csv_cells(("overall", "", "", ""), found, key, name, ("character", coders, continuum, ""))
    for key, code, _label, found in gamma_rows(report):
        where = ("overall", "", "", "") if not code else ("code", code, report.name(code), "")
        yield _csv_cells(where, found, key, STATISTICS[key].name, ("character", coders, continuum, ""))
    for doc, per_code in (report.per_document or {}).items():
        for code, entry in per_code.items():
            for path in columns:
                if path != ("alpha_u",):
                    yield _csv_row("document", code, report.name(code), doc, entry, path, unit, coders, doc)


def _csv_row(
    scope: str,
    code: str,
    code_name: str,
    doc: str,
    entry: RowFigures,
    path: Path,
    unit: str,
    coders: str,
    documents: str,
) -> list[Any]:
    """The CSV row of the figure at `path` of a row, its name saying which Fleiss' kappa and which q."""
    key = path[-1]
    name = STATISTICS[key].name
    if key == "fleiss_kappa":
        name += f" ({entry.facts.fleiss_kappa_variant})"
    if key in ("brennan_prediger", "gwet_ac1"):
        name += f" (q = {entry.facts.brennan_prediger_q}, {entry.facts.brennan_prediger_q_counts})"
    warning = entry.warning.text if entry.warning is not None else ""
    where = (scope, code, code_name, doc)
    return _csv_cells(where, entry.figure(path), key, name, (unit, coders, documents, warning))


def _csv_cells(where: tuple[str, ...], found: Figure, key: str, name: str, about: tuple[str, ...]) -> list[Any]:
    """One CSV row: scope, code, code name, document; the figure; unit, coders, documents, warning."""
    low, high = found.interval if found.interval else ("", "")
    value = "" if found.value is None else repr(found.value)
    return [*where, key, name, value, low, high, found.why or "", *about]


def render_json(report: AgreementReport) -> str:
    """The report as JSON (the documented shape) on one line, UTF-8 text kept as is.

    Not indented: an indent makes the json module use its pure-Python encoder, ten times slower
    on a large report (`python -m json.tool` or `jq .` indents it for reading)."""
    with cyclic_gc_paused():  # as the report itself is built: a large one is millions of small objects
        shape = report.as_json()
    return json.dumps(shape, ensure_ascii=False) + "\n"


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
