"""Every unit in every report format (issue 23): no unit may end in a traceback in any renderer."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from functools import cache

import pytest

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.gamma_options import GammaOptions
from annotator.agreement.labels import UNIT_DESCRIPTIONS, fmt
from annotator.agreement.report import FORMATS, render
from annotator.agreement.report_model import GammaFigures, SpanReport
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


def data_for(coders: list[str]) -> SpanData:
    """A small project with text and turns."""
    return SpanData({"d": TEXT}, SPANS, codes=["wage", "exit"], coders=coders, turns=TURNS)


def report_for(unit: str, coders: list[str], gamma: bool = False) -> SpanReport:
    """The report of the small project in `unit` units, with γ (`--gamma`) or not."""
    options = SpanOptions(coders=coders, unit=unit, all_documents=True, per_document=True)
    report = span_report(data_for(coders), options)
    return replace(report, gamma=gamma_for(tuple(coders))) if gamma else report


@cache
def gamma_for(coders: tuple[str, ...]) -> GammaFigures:
    """γ of the small project (the same in every unit: γ reads the spans, not the units)."""
    from annotator.agreement.gamma_spans import report_gamma

    options = SpanOptions(coders=list(coders), all_documents=True)
    return report_gamma(data_for(list(coders)), options, GammaOptions(samples=5))


def test_every_unit_is_described():
    assert set(UNIT_DESCRIPTIONS) == set(UNITS)


@pytest.mark.parametrize("gamma", [False, True], ids=["", "gamma"])
@pytest.mark.parametrize("coders", [["a", "b"], ["a", "b", "c"]])
@pytest.mark.parametrize("output", FORMATS)
@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_renders_in_every_format(unit, output, coders, gamma):
    report = report_for(unit, coders, gamma)
    text = render(report, output)
    assert text.strip()
    if output == "json":
        assert json.loads(text)["unit"] == unit
        assert ("gamma" in json.loads(text)) is gamma
    elif output == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows and any(row[4] == "gamma" for row in rows) is gamma
    else:
        assert unit in text  # the method lines name the unit
        assert ("Mathet et al." in " ".join(text.split())) is gamma


@pytest.mark.parametrize("output", FORMATS)
def test_gamma_and_each_codes_gamma_k_are_in_every_format(output):
    """γ overall and γ-k of every code, with γ's figure as JSON has it (three decimals elsewhere)."""
    report = report_for("character", ["a", "b"], gamma=True)
    found = report.gamma
    assert found is not None and found.gamma.value is not None and found.gamma.interval is not None
    text = render(report, output)
    if output == "json":
        assert json.loads(text)["gamma"] == found.as_json()
        assert set(json.loads(text)["gamma"]["gamma_k"]) == {"wage", "exit"}
        return
    if output == "csv":
        rows = {(row[4], row[1]): row for row in csv.reader(io.StringIO(text))}
        assert float(rows["gamma", ""][6]) == found.gamma.value
        assert (float(rows["gamma", ""][7]), float(rows["gamma", ""][8])) == found.gamma.interval
        assert {code for key, code in rows if key == "gamma_k"} == {"wage", "exit"}
        return
    words = " ".join(text.replace("&#x27;", "'").split())
    assert "Mathet et al.'s γ" in words and fmt(found.gamma.value) in words
    assert f"{fmt(found.gamma.interval[0])}, {fmt(found.gamma.interval[1])}]" in words
    assert "γ-cat" in words and fmt(found.gamma_cat.value) in words
    for code in ("wage", "exit"):
        assert fmt(found.gamma_k[code].value) in words
    if output != "methods":
        assert "30 random continua" not in words and "5 random continua" in words  # the sampling, stated


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
