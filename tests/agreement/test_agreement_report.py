"""Report rendering: every format names what it shows, fits the terminal, and the HTML page is safe and self-contained."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser

import pytest

from annotator.agreement import SpanData, SpanOptions, UnitTable, find_disagreements, render, span_report, table_report
from annotator.agreement.labels import band
from annotator.domain.errors import InputError

TEXT = "Intro. <script>alert('x')</script> & they took <b>80%</b> of the wage.\n\nSecond paragraph here."
DATA = SpanData(
    {"doc-1": TEXT, "doc-2": "Short one."},
    [
        ("doc-1", "ana", "wage", 7, 40),
        ("doc-1", "ben", "wage", 10, 40),
        ("doc-1", "cy", "wage", 7, 35),
        ("doc-1", "ana", "bribe", 41, 60),
        ("doc-1", "cy", "bribe", 41, 60),
        ("doc-2", "ben", "wage", 0, 5),
        ("doc-2", "ana", "wage", 0, 5),
    ],
)


@pytest.fixture(params=[["ana", "ben"], ["ana", "ben", "cy"]], ids=["two", "three"])
def report(request):
    return span_report(DATA, SpanOptions(coders=request.param))


def test_terminal_table_fits_and_names_the_figures(report):
    text = render(report, "table")
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Unit: character" in text and "Coders: " + ", ".join(report.coders) in text
    words = " ".join(text.split())
    assert "Documents: 2 of 2 documents count" in words and "(doc-1, doc-2)" in words
    assert f"Fleiss' kappa: {report.pooled.facts.fleiss_kappa_variant}" in text
    assert ("Gwet (2014)" in text) == (len(report.coders) == 3)  # cy did not code doc-2: missing values
    if len(report.coders) == 3:
        assert "Cohen κ" not in text  # does not apply: the column is left out, Fleiss' kappa is there
    else:
        assert "Cohen κ" in text


def test_styles_are_applied_by_band(report):
    seen = []

    def style(text, kind):
        seen.append(kind)
        return text

    render(report, "table", style=style)
    assert "heading" in seen and {"good", "tentative", "poor", "plain"} & set(seen)


def test_markdown_csv_json(report):
    markdown = render(report, "markdown")
    assert "| code | Percent agreement |" in markdown and "Krippendorff's unitizing alpha" in markdown
    rows = list(csv.DictReader(render(report, "csv").splitlines()))
    assert {row["scope"] for row in rows} == {"code", "pooled", "overall", "document"}
    assert all(row["unit"] and row["coders"] for row in rows)
    undefined = [row for row in rows if row["value"] == ""]
    assert all(row["reason"] for row in undefined)
    assert json.loads(render(report, "json")) == report.as_json()


class _Collector(HTMLParser):
    """Collects tags and text; `script` and external references must not appear."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_testimony_text_and_loads_nothing(report):
    page = render(report, "html", disagreements=find_disagreements(DATA, coders=report.coders))
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert "svg" in parser.tags and "table" in parser.tags
    assert "&lt;sc" in page and "<sc" not in page  # the testimony's markup is shown as text, never run
    assert "http" not in page and "url(" not in page


def test_bootstrap_rendering_shows_intervals():
    report = span_report(DATA, SpanOptions(coders=["ana", "ben"], bootstrap=20, seed=2))
    text = render(report, "table")
    assert "95% percentile bootstrap, 20 replicates" in text and "[" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "95% CI [" in render(report, "markdown") and "95% CI [" in render(report, "html")


def test_table_report_renders():
    report = table_report(UnitTable.from_rows(["a", "b", "c"], [[1, 1, 2], [2, 2, None], [3, 3, 3]]), "ordinal")
    text = render(report, "table")
    assert "level of measurement: ordinal" in text and "Gwet (2014) generalisation" in text
    assert "q = 3 categories (observed: 1, 2, 3)" in text
    assert "defined for two coders" in text  # Cohen's kappa: why it is missing
    assert render(report, "csv").count("\n") == 8
    assert "<svg" in render(report, "html")
    with pytest.raises(InputError, match="unknown format"):
        render(report, "pdf")


def test_bands():
    assert band("krippendorff_alpha", 0.85) == "good"
    assert band("krippendorff_alpha", 0.7) == "tentative"
    assert band("cohen_kappa", 0.2) == "poor"
    assert band("percent_agreement", 0.2) == "plain"
    assert band("gwet_ac1", None) == "undefined"


def test_markdown_says_why_u_alpha_is_undefined_once() -> None:
    """An undefined u-α reads `—`, then the reason in brackets (not a second dash)."""
    overlapping = SpanData({"d": 40}, [("d", "a", "x", 0, 20), ("d", "a", "y", 10, 30), ("d", "b", "x", 0, 20)])
    markdown = render(span_report(overlapping, SpanOptions(coders=["a", "b"])), "markdown")
    line = next(line for line in markdown.splitlines() if line.startswith("- u-α"))
    assert "— (undefined: u-α needs each coder's spans" in line and "— —" not in line
