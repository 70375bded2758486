"""MAXQDA's segment κ beside segment F1, and F1 undefined for 0/0 (issue 23), from figures worked by hand."""

from __future__ import annotations

import json

import pytest

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.report_model import SegmentFigures, SpanReport
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


def report() -> SpanReport:
    """The report of the worked example (every document counts for both coders)."""
    data = SpanData({"d": 100}, SPANS, codes=["x", "y", "z"], coders=["a", "b"])
    return span_report(data, SpanOptions(coders=["a", "b"], all_documents=True))


def segments_of(found: SpanReport, code: str) -> SegmentFigures:
    """The segment figures of one code of a report."""
    segments = found.codes[code].segments
    assert segments is not None
    return segments


def test_segment_kappa_uses_one_over_the_number_of_codes_as_chance():
    found = report()
    # q = 3 codes, chance 1/3. x: P_o = 4/4 → κ = 1. y: P_o = 2/4 → (1/2 − 1/3)/(2/3) = 1/4.
    # z: P_o = 0/1 → (0 − 1/3)/(2/3) = −1/2. Pooled: 6 matched of 9 → (2/3 − 1/3)/(2/3) = 1/2.
    assert found.codes["x"].figure(("segments", "segment_kappa")).value == pytest.approx(1.0)
    assert found.codes["y"].figure(("segments", "segment_kappa")).value == pytest.approx(0.25)
    assert found.codes["z"].figure(("segments", "segment_kappa")).value == pytest.approx(-0.5)
    pooled = found.pooled
    assert pooled is not None
    assert pooled.figure(("segments", "share")).value == pytest.approx(6 / 9)
    assert pooled.figure(("segments", "segment_kappa")).value == pytest.approx(0.5)


def test_segment_kappa_is_undefined_for_a_single_code():
    data = SpanData({"d": 100}, SPANS[:4], codes=["x"], coders=["a", "b"])
    segments = segments_of(span_report(data, SpanOptions(coders=["a", "b"], all_documents=True)), "x")
    assert segments.figures["share"].value == 1.0
    assert segments.figures["segment_kappa"].value is None
    assert "only one code" in segments.figures["segment_kappa"].reason


def test_f1_with_nothing_matched_either_way_is_undefined_not_zero():
    segments = segments_of(report(), "z")
    assert segments.figures["recall"].value == 0.0 and segments.figures["precision"].value is None  # b has no z segment
    data = SpanData({"d": 100}, [("d", "a", "k", 0, 10), ("d", "b", "k", 50, 60)], codes=["k"], coders=["a", "b"])
    apart = segments_of(span_report(data, SpanOptions(coders=["a", "b"], all_documents=True)), "k")
    assert apart.figures["precision"].value == 0.0 and apart.figures["recall"].value == 0.0
    assert apart.figures["f1"].value is None
    assert "0/0" in apart.figures["f1"].reason


def test_f1_with_no_segments_on_either_side_says_so():
    data = SpanData({"d": 100}, [("d", "a", "k", 0, 10), ("d", "b", "k", 0, 10)], codes=["k", "none"])
    segments = segments_of(span_report(data, SpanOptions(codes=["k", "none"], all_documents=True)), "none")
    assert segments.figures["f1"].value is None
    assert segments.figures["f1"].reason == "neither a nor b has segments here"
    assert segments.figures["segment_kappa"].value is None and segments.figures["segment_kappa"].reason


def test_segment_kappa_reaches_every_format():
    from annotator.agreement.report import render

    found = report()
    assert "Segment κ (MAXQDA), pooled           0.500" in render(found, "table")
    assert "Segment κ" in render(found, "markdown")
    assert "segment_kappa" in render(found, "csv")
    assert "Segment κ (MAXQDA)</th>" in render(found, "html")
    assert json.loads(render(found, "json"))["pooled"]["segments"]["segment_kappa"] == pytest.approx(0.5)
    methods = " ".join(render(found, "methods", statistics=["segment_kappa"]).split())
    assert "Segment κ (MAXQDA) was 0.500 pooled over all codes, and per code: x 1.000; y 0.250." in methods
