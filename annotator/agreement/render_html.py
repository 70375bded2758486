"""Render an agreement report as one self-contained HTML page: no scripts, fonts or network, an inline SVG chart."""

from __future__ import annotations

import math
from html import escape

from annotator.agreement.disagreements import Disagreement
from annotator.agreement.labels import BAND_NOTE, STATISTICS, band, fmt
from annotator.agreement.report_model import AgreementReport, SpanReport
from annotator.agreement.report_rows import (
    DEGENERATE_NOTE,
    Row,
    gamma_rows,
    method_lines,
    row_band,
    table_rows_and_columns,
    undefined_notes,
    warning_notes,
)

DISAGREEMENT_LIMIT = 2000
"""The page lists at most this many disagreements (`annotator disagreements` lists them all)."""

CHART_KEYS = ("krippendorff_alpha", "cohen_kappa", "fleiss_kappa", "gwet_ac1", "alpha_u", "percent_agreement")
COLOURS = {
    "good": "#2e7d32",
    "tentative": "#ef8f00",
    "poor": "#c62828",
    "plain": "#607d8b",
    "undefined": "#bbb",
    "degenerate": "#8d6e63",
}

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}td.text{text-align:left;max-width:40em}
.good{background:#e8f5e9}.tentative{background:#fff3e0}.poor{background:#ffebee}.undefined{color:#999}
.degenerate{background:repeating-linear-gradient(135deg,#efebe9 0 6px,#fff 6px 12px);color:#5d4037}
.warning{color:#5d4037;font-size:.85em;display:block;max-width:24em}
.scroll{overflow:auto;max-height:70vh;max-width:100%;border:1px solid #ddd}.scroll table{margin:0}
.ci{color:#666;font-size:.85em;display:block}.overall{display:flex;gap:1em;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:12em}
.card b{font-size:1.5em;display:block}small,.note{color:#555}.matrix td{font-size:.85em}
"""


def render_html(report: AgreementReport, disagreements: list[Disagreement] | None = None) -> str:
    """The whole page: method notes, overall figures, a chart and a table per code, per document, disagreements."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Inter-coder agreement</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Inter-coder agreement</h1>",
        "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in method_lines(report)) + "</ul>",
        f'<p class="note">{escape(BAND_NOTE)}.</p>',
    ]
    rows, columns = table_rows_and_columns(report)
    if isinstance(report, SpanReport):
        parts.append(_overall(report))
        if report.gamma is not None:
            parts.append(_gamma(report))
    parts.append("<h2>Main statistics per code</h2>" if isinstance(report, SpanReport) else "<h2>Statistics</h2>")
    parts.append(_chart(rows, [key for key in CHART_KEYS if (key,) in columns]))
    parts.append(_table(rows, columns))
    warnings = warning_notes(rows)
    if warnings:
        parts.append(
            f'<h2>Degenerate codes</h2><p class="note">{escape(DEGENERATE_NOTE)}.</p><ul>'
            + "".join(f"<li>{escape(note)}</li>" for note in warnings)
            + "</ul>"
        )
    notes = undefined_notes(rows, columns)
    if notes:
        parts.append("<h2>Undefined figures (—)</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    if isinstance(report, SpanReport) and report.per_document:
        parts.append(_per_document(report))
    if disagreements is not None:
        parts.append(_disagreements(disagreements, list(report.coders)))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _overall(report: SpanReport) -> str:
    """Cards for the whole-continuum figures: α_U, u-α, |u-α, cu-α and Cu-α."""
    cards = []
    for key, found in report.overall.items():
        value, reason, interval = found.value, found.why, found.interval
        statistic = STATISTICS[key]
        detail = escape(reason) if value is None and reason else escape(statistic.reference)
        ci = f'<span class="ci">95% CI [{interval[0]:.3f}, {interval[1]:.3f}]</span>' if interval else ""
        cards.append(
            f'<div class="card {band(key, value)}">{escape(statistic.name)}<b>{fmt(value)}</b>{ci}'
            f"<small>{detail}</small></div>"
        )
    return '<h2>Unitizing, over all codes</h2><div class="overall">' + "".join(cards) + "</div>"


def _gamma(report: SpanReport) -> str:
    """Cards for γ and γ-cat, then each code's γ-k in a table (not banded: γ has no published bands)."""
    cards, codes = [], []
    for key, code, label, found in gamma_rows(report):
        detail = escape(found.why) if found.value is None and found.why else escape(STATISTICS[key].reference)
        interval = found.interval
        ci = f'<span class="ci">95% sampling range [{interval[0]:.3f}, {interval[1]:.3f}]</span>' if interval else ""
        if code:
            name = escape(label.removeprefix("γ-k "))  # the code's name, marked when degenerate
            codes.append(f"<tr><td>{name}</td><td>{fmt(found.value)}</td><td>{detail}</td></tr>")
        else:
            cards.append(
                f'<div class="card plain">{escape(label)}<b>{fmt(found.value)}</b>{ci}<small>{detail}</small></div>'
            )
    table = "<table><tr><th>code</th><th>γ-k</th><th></th></tr>" + "".join(codes) + "</table>" if codes else ""
    return "<h2>Mathet et al.'s γ</h2>" + '<div class="overall">' + "".join(cards) + "</div>" + table


def _chart(rows: list[Row], keys: list[str]) -> str:
    """An inline SVG: per code, one horizontal bar per main statistic, coloured by band, on a [low, 1] axis."""
    values = [entry.figure((key,)).value for _, entry in rows for key in keys]
    low = math.floor(min([0.0] + [value for value in values if value is not None]) * 10) / 10
    label_width, bar_width, bar, gap, title = 200, 560, 13, 10, 16
    height = len(rows) * (len(keys) * bar + gap + title) + 30

    def x(value: float) -> float:
        """The horizontal position of a value."""
        return label_width + (value - low) / (1 - low) * bar_width

    svg = [
        f'<svg width="{label_width + bar_width + 70}" height="{height}"'
        ' role="img" aria-label="Main statistics per code" font-size="11" font-family="sans-serif">'
    ]
    y = 20
    for tick in _ticks(low):
        svg.append(
            f'<line x1="{x(tick):.1f}" y1="12" x2="{x(tick):.1f}" y2="{height - 8}" stroke="#ddd"/>'
            f'<text x="{x(tick):.1f}" y="10" text-anchor="middle" fill="#555">{tick:g}</text>'
        )
    for label, entry in rows:
        svg.append(f'<text x="0" y="{y + 11}" font-weight="bold" font-size="12">{escape(label)}</text>')
        y += title
        for key in keys:
            value = entry.figure((key,)).value
            colour = COLOURS[row_band(entry, key, value)]
            svg.append(
                f'<text x="{label_width - 6}" y="{y + 10}" text-anchor="end" fill="#444">'
                f"{escape(STATISTICS[key].name)}</text>"
            )
            if value is not None:
                start, end = sorted((x(0.0), x(value)))
                svg.append(
                    f'<rect x="{start:.1f}" y="{y + 1}" width="{max(end - start, 1):.1f}" height="{bar - 3}"'
                    f' fill="{colour}"><title>{escape(STATISTICS[key].name)}: {fmt(value)}'
                    "</title></rect>"
                )
            svg.append(f'<text x="{x(max(value or 0.0, 0.0)) + 4:.1f}" y="{y + 10}" fill="#222">{fmt(value)}</text>')
            y += bar
        y += gap
    svg.append("</svg>")
    return "".join(svg)


def _ticks(low: float) -> list[float]:
    """Axis ticks from `low` to 1 every 0.2 (and 0)."""
    ticks = []
    value = 1.0
    while value >= low - 1e-9:
        ticks.append(round(value, 1))
        value -= 0.2
    return sorted(set(ticks) | {0.0})


def _table(rows: list[Row], columns: list[tuple[str, ...]]) -> str:
    """Every figure per code, each cell coloured by band, intervals under the value."""
    head = "<tr><th>code</th>" + "".join(
        f'<th title="{escape(STATISTICS[p[-1]].reference)}">{escape(STATISTICS[p[-1]].name)}</th>' for p in columns
    )
    body = []
    for label, entry in rows:
        cells = []
        for path in columns:
            found = entry.figure(path)
            value, reason, interval = found.value, found.why, found.interval
            ci = f'<span class="ci">[{interval[0]:.3f}, {interval[1]:.3f}]</span>' if interval else ""
            title = f' title="{escape(reason)}"' if value is None and reason else ""
            cells.append(f'<td class="{row_band(entry, path[-1], value)}"{title}>{fmt(value)}{ci}</td>')
        warning = f'<span class="warning">{escape(entry.warning.text)}</span>' if entry.warning else ""
        body.append(f"<tr><td>{escape(label)}{warning}</td>{''.join(cells)}</tr>")
    return f"<table>{head}</tr>{''.join(body)}</table>"


def _per_document(report: SpanReport) -> str:
    """A documents × codes matrix of Krippendorff's alpha (and percent agreement on hover)."""
    codes = list(report.codes)
    head = "<tr><th>document</th>" + "".join(f"<th>{escape(report.name(code))}</th>" for code in codes) + "</tr>"
    body = []
    for doc, per_code in (report.per_document or {}).items():
        cells = []
        for code in codes:
            entry = per_code.get(code)
            if entry is None:
                cells.append('<td class="undefined" title="no compared coder used this code here"></td>')
                continue
            alpha = entry.figure(("krippendorff_alpha",))
            value, reason = alpha.value, alpha.why
            agreement = fmt(entry.figure(("percent_agreement",)).value)
            about = entry.warning.text if entry.warning and value is not None else f"percent agreement {agreement}"
            title = escape(reason if value is None and reason else about)
            cells.append(
                f'<td class="{row_band(entry, "krippendorff_alpha", value)}" title="{title}">{fmt(value)}</td>'
            )
        body.append(f"<tr><td>{escape(doc)}</td>{''.join(cells)}</tr>")
    return (
        "<h2>Per document: Krippendorff's alpha</h2>"
        '<p class="note">Same unit and coders as above, in the documents that count for two or more of them;'
        " empty: no compared coder used the code in that document. Hover a cell for percent agreement,"
        " the reason it is undefined, or why it is degenerate (hatched).</p>"
        f'<div class="scroll"><table class="matrix">{head}{"".join(body)}</table></div>'
    )


def _disagreements(items: list[Disagreement], coders: list[str]) -> str:
    """The disagreement list (first DISAGREEMENT_LIMIT), with the text of each stretch."""
    shown = items[:DISAGREEMENT_LIMIT]
    more = (
        f'<p class="note">The first {len(shown):,} of {len(items):,}; `annotator disagreements` lists all.</p>'
        if len(items) > len(shown)
        else ""
    )
    head = (
        "<tr><th>document</th><th>start</th><th>end</th>"
        + "".join(f"<th>{escape(coder)}</th>" for coder in coders)
        + "<th>text</th></tr>"
    )
    body = []
    for item in shown:
        codes = "".join(
            f"<td>{escape(', '.join(item.codes[coder]) or '—') if coder in item.codes else ''}</td>" for coder in coders
        )
        text = escape(item.text) if item.text is not None else ""
        body.append(
            f"<tr><td>{escape(item.document_id)}</td><td>{item.start}</td><td>{item.end}</td>{codes}"
            f'<td class="text">{text}</td></tr>'
        )
    return (
        f'<h2>Disagreements ({len(items):,})</h2><p class="note">Stretches where the compared coders\' codes'
        f" differ (— = not coded), in document order.</p>{more}<table>{head}{''.join(body)}</table>"
    )
