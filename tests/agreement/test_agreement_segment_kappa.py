"""MAXQDA's segment κ beside segment F1, and F1 undefined for 0/0 (issue 23), from figures worked by hand."""

from __future__ import annotations

import pytest

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.spans import SpanData

# Three codes. x: a and b each have 2 segments, both matched both ways; y: a has 2, b 2, 1 matched each
# way; z: a has one segment b does not touch. Threshold 0.9.
SPANS = [
    ("d", "a", "x", 0, 10),
    ("d", "b", "x", 0, 10),
    ("d", "a", "x", 20, 30),
    ("d", "b", "x", 20, 30),
    ("d", "a", "y", 40, 50),
    ("d", "b", "y", 40, 50),
    ("d", "a", "y", 60, 70),
    ("d", "b", "y", 61, 80),
    ("d", "a", "z", 90, 95),
]


def report() -> dict:
    """The report of the worked example (every document counts for both coders)."""
    data = SpanData({"d": 100}, SPANS, codes=["x", "y", "z"], coders=["a", "b"])
    return span_report(data, SpanOptions(coders=["a", "b"], all_documents=True))


def test_segment_kappa_uses_one_over_the_number_of_codes_as_chance():
    found = report()
    # q = 3 codes, chance 1/3. x: P_o = 4/4 → κ = 1. y: P_o = 2/4 → (1/2 − 1/3)/(2/3) = 1/4.
    # z: P_o = 0/1 → (0 − 1/3)/(2/3) = −1/2. Pooled: 6 matched of 9 → (2/3 − 1/3)/(2/3) = 1/2.
    assert found["codes"]["x"]["segments"]["segment_kappa"] == pytest.approx(1.0)
    assert found["codes"]["y"]["segments"]["segment_kappa"] == pytest.approx(0.25)
    assert found["codes"]["z"]["segments"]["segment_kappa"] == pytest.approx(-0.5)
    assert found["pooled"]["segments"]["share"] == pytest.approx(6 / 9)
    assert found["pooled"]["segments"]["segment_kappa"] == pytest.approx(0.5)


def test_segment_kappa_is_undefined_for_a_single_code():
    data = SpanData({"d": 100}, SPANS[:4], codes=["x"], coders=["a", "b"])
    segments = span_report(data, SpanOptions(coders=["a", "b"], all_documents=True))["codes"]["x"]["segments"]
    assert segments["share"] == 1.0
    assert segments["segment_kappa"] is None
    assert "only one code" in segments["segment_kappa_reason"]


def test_f1_with_nothing_matched_either_way_is_undefined_not_zero():
    segments = report()["codes"]["z"]["segments"]
    assert segments["recall"] == 0.0 and segments["precision"] is None  # b has no z segment
    data = SpanData({"d": 100}, [("d", "a", "k", 0, 10), ("d", "b", "k", 50, 60)], codes=["k"], coders=["a", "b"])
    apart = span_report(data, SpanOptions(coders=["a", "b"], all_documents=True))["codes"]["k"]["segments"]
    assert apart["precision"] == 0.0 and apart["recall"] == 0.0
    assert apart["f1"] is None
    assert "0/0" in apart["f1_reason"]


def test_f1_with_no_segments_on_either_side_says_so():
    data = SpanData({"d": 100}, [("d", "a", "k", 0, 10), ("d", "b", "k", 0, 10)], codes=["k", "none"])
    segments = span_report(data, SpanOptions(codes=["k", "none"], all_documents=True))["codes"]["none"]["segments"]
    assert segments["f1"] is None
    assert segments["f1_reason"] == "neither a nor b has segments here"
    assert segments["segment_kappa"] is None and segments["segment_kappa_reason"]


def test_segment_kappa_reaches_every_format():
    from annotator.agreement.report import render

    found = report()
    assert "Segment κ (MAXQDA), pooled           0.500" in render(found, "table")
    assert "Segment κ" in render(found, "markdown")
    assert "segment_kappa" in render(found, "csv")
