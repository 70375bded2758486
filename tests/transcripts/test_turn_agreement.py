"""Agreement with the speaker turn as unit, checked against figures worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.agreement import SpanData, SpanOptions, span_report
from annotator.agreement.from_project import project_span_data
from annotator.storage import Project
from tests.support.transcripts import DATA

# Four turns with a two-character gap between each (the blank line of the document text).
TURNS = {"t": [(0, 10), (12, 20), (22, 30), (32, 40)]}
# a covers turns 0 and 2 (21-25 starts in the gap, so turn 1 is not touched); b covers turns 0, 1 and 3.
SPANS = [("t", "a", "k", 2, 5), ("t", "a", "k", 21, 25), ("t", "b", "k", 8, 14), ("t", "b", "k", 35, 36)]


def test_turn_unit_against_hand_computed_figures() -> None:
    report = span_report(SpanData({"t": "x" * 40}, SPANS, turns=TURNS), SpanOptions(unit="turn")).as_json()
    figures = report["codes"]["k"]
    assert report["unit_count"] == 4
    # units (a, b): (1,1) (0,1) (1,0) (0,1): agreement on 1 of 4
    assert figures["percent_agreement"] == 0.25
    # Cohen: a codes 2/4, b 3/4, chance = 1/2·3/4 + 1/2·1/4 = 1/2; (1/4 − 1/2) / (1 − 1/2) = −1/2
    assert figures["cohen_kappa"] == pytest.approx(-0.5)
    # Scott: pooled 5/8 ones, chance = 25/64 + 9/64 = 34/64; (16/64 − 34/64) / (30/64) = −0.6
    assert figures["scott_pi"] == pytest.approx(-0.6)
    # Krippendorff: D_o = 6/8, D_e = 2·5·3 / (8·7) = 30/56; 1 − (6/8)/(30/56) = −0.4
    assert figures["krippendorff_alpha"] == pytest.approx(-0.4)


def test_a_document_without_turns_has_no_turn_units() -> None:
    report = span_report(
        SpanData({"t": "x" * 40, "plain": "y" * 10}, [*SPANS, ("plain", "a", "k", 0, 5)], turns=TURNS),
        SpanOptions(unit="turn"),
    ).as_json()
    assert report["unit_count"] == 4


def test_project_data_carries_the_turns(run_cli, small_project: Path) -> None:
    assert run_cli("import", "--db", small_project, DATA / "interview.srt").exit_code == 0
    with Project.open(small_project) as project:
        data = project_span_data(project, with_text=False)
    assert data.turns == {"interview": [(0, 41), (43, 122), (124, 150), (152, 181)]}
