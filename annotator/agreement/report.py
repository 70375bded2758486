"""One entry point for every report format: table, markdown, csv, json, html, methods."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.agreement.disagreements import Disagreement
from annotator.agreement.render_html import render_html
from annotator.agreement.render_methods import render_methods
from annotator.agreement.render_text import Style, plain, render_csv, render_json, render_markdown, render_table
from annotator.agreement.report_model import AgreementReport
from annotator.domain.errors import InputError

FORMATS = ("table", "markdown", "csv", "json", "html", "methods")


def render(
    report: AgreementReport,
    format: str = "table",
    *,
    style: Style = plain,
    disagreements: list[Disagreement] | None = None,
    statistics: Sequence[str] | None = None,
) -> str:
    """The report in `format`; `style` colours the terminal table, `disagreements` go into the HTML page,
    `statistics` (JSON keys) are those the methods paragraph reports."""
    if format == "table":
        return render_table(report, style)
    if format == "markdown":
        return render_markdown(report)
    if format == "csv":
        return render_csv(report)
    if format == "json":
        return render_json(report)
    if format == "html":
        return render_html(report, disagreements)
    if format == "methods":
        return render_methods(report, statistics)
    raise InputError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
