"""Every unit in every report format (issue 23): no unit may end in a traceback in any renderer."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.labels import UNIT_DESCRIPTIONS
from annotator.agreement.report import FORMATS, render
from annotator.agreement.spans import SpanData
from annotator.agreement.units import UNITS

TEXT = "We worked. They paid us late!\n\nNobody could leave. Café crème.\n\nThe end"
TURNS = {"d": [(0, 29), (31, 62), (64, 71)]}
SPANS = [
    ("d", "a", "wage", 0, 10),
    ("d", "b", "wage", 3, 29),
    ("d", "a", "exit", 31, 50),
    ("d", "b", "exit", 31, 62),
    ("d", "a", "wage", 64, 71),
]


def report_for(unit: str, coders: list[str]) -> dict:
    """The report of a small project with text and turns, in `unit` units."""
    data = SpanData({"d": TEXT}, SPANS, codes=["wage", "exit"], coders=coders, turns=TURNS)
    return span_report(data, SpanOptions(coders=coders, unit=unit, all_documents=True, per_document=True))


def test_every_unit_is_described():
    assert set(UNIT_DESCRIPTIONS) == set(UNITS)


@pytest.mark.parametrize("coders", [["a", "b"], ["a", "b", "c"]])
@pytest.mark.parametrize("output", FORMATS)
@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_renders_in_every_format(unit, output, coders):
    report = report_for(unit, coders)
    text = render(report, output)
    assert text.strip()
    if output == "json":
        assert json.loads(text)["unit"] == unit
    elif output == "csv":
        assert list(csv.reader(io.StringIO(text)))
    else:
        assert unit in text  # the method lines name the unit


@pytest.mark.parametrize("unit", UNITS)
def test_the_agreement_screen_draws_every_unit(unit):
    """The screen's columns and heading come from the same report; none may fail on any unit."""
    from annotator.tui.screens.agreement import compared_documents, shown_columns

    report = report_for(unit, ["a", "b"])
    assert ("segments", "f1") in shown_columns(report)
    assert "of 1 documents" in compared_documents(report)


@pytest.mark.parametrize("output", FORMATS)
def test_cli_turn_units_in_every_format(run_cli, small_project, tmp_path, output):
    """`annotator agreement --unit turn` on an imported transcript ends in a report, never a KeyError."""
    from tests.support.transcripts import DATA

    assert run_cli("import", "--db", small_project, DATA / "interview.srt").exit_code == 0
    spans = tmp_path / "spans.csv"
    rows = [
        ("interview", "ana", "bribery", 0, 10),
        ("interview", "ben", "bribery", 5, 60),
        ("interview", "ana", "bribery", 130, 140),
    ]
    with spans.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("document", "coder", "code", "start", "end"), *rows])
    assert run_cli("import-spans", spans, "--db", small_project).exit_code == 0
    result = run_cli("agreement", "--db", small_project, "--unit", "turn", "--all-documents", "--format", output)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "KeyError" not in result.output
