"""Thresholds compared exactly: segment matching ties at θ match; bands follow the printed figure."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.labels import band, fmt
from annotator.agreement.matching import check_threshold, matched_count
from annotator.agreement.spans import SpanData
from annotator.domain.errors import InputError
from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project


def test_float_rounding_would_drop_this_tie() -> None:
    """The case of the issue: 55 / 100 is exactly 0.55, but 0.55 * 100 > 55 in floating point."""
    assert 0.55 * 100 > 55
    assert matched_count([(0, 100)], [(0, 55)], "0.55") == 1
    assert matched_count([(0, 55)], [(0, 100)], 0.55) == 1
    assert matched_count([(0, 100)], [(0, 54)], "0.55") == 0


@pytest.mark.parametrize(
    "text, exact",
    [("0.55", Fraction(11, 20)), ("0.9", Fraction(9, 10)), ("1", Fraction(1)), (" 0.333 ", Fraction(333, 1000))],
)
def test_threshold_is_read_as_its_decimal(text: str, exact: Fraction) -> None:
    assert check_threshold(text) == exact
    assert check_threshold(float(text)) == exact


@pytest.mark.parametrize("bad", ["0", "1.5", "-0.2", "abc", "nan", "inf", ""])
def test_bad_thresholds_are_refused(bad: str) -> None:
    with pytest.raises(InputError, match="threshold"):
        check_threshold(bad)


def test_report_matches_both_segments_of_the_tie() -> None:
    data = SpanData({"d": 120}, [("d", "a", "k", 0, 100), ("d", "b", "k", 0, 55)])
    segments = span_report(data, SpanOptions(threshold="0.55")).as_json()["codes"]["k"]["segments"]
    assert (segments["matched"], segments["total"]) == (2, 2)


def test_cli_threshold_matches_the_tie(run_cli, tmp_path: Path) -> None:
    db = tmp_path / "tie.db"
    with Project.create(db) as project:
        project.documents.add([Document(id="d", title="d", text="x" * 120)])
        project.codes.add_codebook(Codebook(name="c", codes=(Code(id="k", name="K", colour="#d62728"),)))
    spans = tmp_path / "spans.csv"
    spans.write_text("document,coder,code,start,end\nd,a,k,0,100\nd,b,k,0,55\n", encoding="utf-8")
    assert run_cli("import-spans", spans, "--db", db).exit_code == 0
    result = run_cli("agreement", "--db", db, "--threshold", "0.55", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["threshold"] == 0.55
    assert (report["codes"]["k"]["segments"]["matched"], report["codes"]["k"]["segments"]["total"]) == (2, 2)
    bad = run_cli("agreement", "--db", db, "--threshold", "abc")
    assert bad.exit_code == 1 and "threshold" in bad.stderr and len(bad.stderr.splitlines()) == 1


def test_bands_follow_the_printed_figure() -> None:
    """0.8 computed with rounding error prints as 0.800 and is banded good, as printed."""
    almost = 1 - 0.2 - 1e-16 * 2
    assert almost < 0.8 and fmt(almost) == "0.800"
    assert band("krippendorff_alpha", almost) == "good"
    assert band("krippendorff_alpha", 0.7994) == "tentative" and band("krippendorff_alpha", 0.6664) == "poor"
