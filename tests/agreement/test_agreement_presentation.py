"""An honest report: who is compared and who is left out, the documents that count, degenerate codes never
dressed as good, code names for people and ids for machines, a per-document table that fits the page."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser

import pytest

from annotator.agreement import SpanData, SpanOptions, render, span_report
from annotator.domain.errors import InputError

LONG = 1000


class _Rows(HTMLParser):
    """Each table row of a page: its cells' text and classes; and every bar colour of the chart by code."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str]]] = []
        self.bars: dict[str, list[str]] = {}
        self._cell: list[str] | None = None
        self._class = ""
        self._label = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._class = [], attributes.get("class") or ""
        elif tag == "rect":
            self.bars.setdefault(self._label, []).append(attributes.get("fill") or "")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(("".join(self._cell), self._class))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        else:
            self._label = data  # the chart writes a code's label before its bars

    def row(self, label: str) -> list[tuple[str, str]]:
        """The first table row whose first cell starts with `label`."""
        return next(row for row in self.rows if row and row[0][0].startswith(label))


def _paradox() -> SpanData:
    """`x`: only ana used it (ben never did); `r`: both coded the same 20 of 1,000 characters (2%);
    `y`: both coded the same half of the document. Document D counts only for ben (marked done)."""
    return SpanData(
        {"A": LONG, "D": LONG},
        [
            ("A", "ana", "x", 0, 10),
            ("A", "ana", "r", 700, 720),
            ("A", "ben", "r", 700, 720),
            ("A", "ana", "y", 100, 600),
            ("A", "ben", "y", 100, 600),
        ],
        coded_documents={"ben": {"D"}},
    )


def test_a_degenerate_codes_row_in_the_html_report_is_never_green() -> None:
    """Before: x (one coder never used it) had percent agreement 0.99 and AC1 ≈ 0.99 coloured good; r
    (2% prevalence) had every coefficient 1.000 coloured good."""
    page = render(span_report(_paradox(), SpanOptions(coders=["ana", "ben"], per_document=True)), "html")
    parser = _Rows()
    parser.feed(page)
    for code in ("x", "r"):
        cells = parser.row(code)[1:]
        assert cells and all("good" not in classes for _, classes in cells), (code, cells)
        assert "#2e7d32" not in [
            fill for label, fills in parser.bars.items() if label.startswith(code) for fill in fills
        ]
    assert any("good" in classes for _, classes in parser.row("y")[1:])  # a readable code is still banded
    assert "never used this code" in page and "kappa paradox" in page


def test_degenerate_rows_say_why_in_words_in_every_format() -> None:
    report = span_report(_paradox(), SpanOptions(coders=["ana", "ben"], per_document=True))
    assert report.codes["x"].warning.kind == "unused by a coder"
    assert report.codes["r"].warning.kind == "rare"
    assert report.codes["y"].warning is None
    table = render(report, "table")
    assert "x†" in table and "r†" in table and "ben never used this code in the compared documents" in table
    assert "rare: 2.0% of the compared values are coded" in " ".join(table.split())
    assert "x†" in render(report, "markdown")
    rows = list(csv.DictReader(render(report, "csv").splitlines()))
    assert {row["warning"] != "" for row in rows if row["code"] == "x"} == {True}
    found = json.loads(render(report, "json"))
    assert found["codes"]["x"]["warning"]["kind"] == "unused by a coder"
    assert "warning" not in found["codes"]["y"]


def test_default_coders_are_the_people_who_coded_and_the_heading_names_the_rest() -> None:
    data = SpanData(
        {"A": 50},
        [
            ("A", "ana", "x", 0, 10),
            ("A", "ben", "x", 0, 12),
            ("A", "report", "x", 0, 10),
            ("A", "consensus-ana-ben", "x", 0, 10),
        ],
        reference_coders={"report"},
    )
    report = span_report(data)
    assert report.coders == ("ana", "ben")
    table = " ".join(render(report, "table").split())
    assert (
        "Left out: consensus-ana-ben (a consensus of adjudicated decisions), report (a reference coding);"
        " compared only when named with --coders." in table
    )
    named = span_report(data, SpanOptions(coders=["ana", "report"]))
    assert named.coders == ("ana", "report") and named.left_out == ()


def test_only_a_reference_coding_beside_one_person_is_refused_in_one_line() -> None:
    data = SpanData({"A": 50}, [("A", "ana", "x", 0, 10), ("A", "report", "x", 0, 10)], reference_coders={"report"})
    with pytest.raises(InputError, match=r"people who coded: ana; .*report \(a reference coding\)"):
        span_report(data)


@pytest.mark.parametrize(
    ("coders", "expected"),
    [
        (["ana", "ben"], "Documents: 2 of 5 documents count, those both coders coded or marked done (B, C)"),
        (["ana", "ben", "cy"], "Documents: 3 of 5 documents count, those at least two of the 3 coders coded"),
    ],
)
def test_the_heading_counts_the_documents_that_count(coders: list[str], expected: str) -> None:
    data = SpanData(
        dict.fromkeys("ABCDE", 40),
        [
            ("A", "ana", "x", 0, 5),
            ("B", "ana", "x", 0, 5),
            ("C", "ana", "x", 0, 5),
            ("B", "ben", "x", 0, 5),
            ("C", "ben", "x", 0, 6),
            ("D", "cy", "x", 0, 5),
        ],
        coded_documents={"ben": {"D"}},
    )
    report = span_report(data, SpanOptions(coders=coders))
    for format in ("table", "markdown", "html"):
        assert expected in " ".join(render(report, format).split()), format
    assert json.loads(render(report, "json"))["counted_documents"] == list(report.counted_documents)


def test_fleiss_kappa_with_missing_values_carries_its_note() -> None:
    data = SpanData({"A": 40, "B": 40}, [("A", "a", "x", 0, 5), ("A", "b", "x", 0, 5), ("B", "a", "x", 0, 5)])
    data = SpanData(data.documents, [*data.spans, ("B", "b", "x", 0, 9), ("A", "c", "x", 0, 5)])
    text = " ".join(render(span_report(data), "table").split())
    assert "Gwet (2014) generalisation, as some values are missing: a unit only one coder rated" in text
    assert "read it beside alpha" in text


def test_code_names_for_people_ids_for_machines() -> None:
    data = SpanData(
        {"A": 100},
        [("A", "ana", "wage", 0, 40), ("A", "ben", "wage", 0, 50)],
        codes=["wage"],
        code_names={"wage": "Wage deduction"},
    )
    report = span_report(data, SpanOptions(per_document=True))
    for format in ("table", "markdown", "html"):
        assert "Wage deduction" in render(report, format), format
    rows = list(csv.DictReader(render(report, "csv").splitlines()))
    assert {(row["code"], row["code_name"]) for row in rows if row["scope"] == "code"} == {("wage", "Wage deduction")}
    found = json.loads(render(report, "json"))
    assert found["code_names"] == {"wage": "Wage deduction"} and list(found["codes"]) == ["wage"]


def test_the_per_document_table_scrolls_in_its_box_and_leaves_out_documents_nobody_compared() -> None:
    report = span_report(_paradox(), SpanOptions(coders=["ana", "ben"], per_document=True))
    page = render(report, "html")
    matrix = page[page.index("Per document") :]
    assert '<div class="scroll"><table class="matrix">' in matrix
    parser = _Rows()
    parser.feed(matrix)
    assert [row[0][0] for row in parser.rows[1:]] == ["A"]  # D counts only for ben
