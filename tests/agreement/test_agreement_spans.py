"""Span statistics equal the same statistics on the digitised unit table, the oracles of AGREEMENT.md, and invariances."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from annotator.agreement.analysis import SpanAgreement, SpanOptions, span_report, unit_statistics
from annotator.agreement.coefficients import TABLE_STATISTICS, table_statistics
from annotator.agreement.matching import matched_count
from annotator.agreement.spans import SpanData, merge_overlapping, prepare
from annotator.agreement.unit_table import UnitTable
from annotator.domain.errors import InputError
from annotator.domain.segments import paragraph_bounds, sentence_bounds, word_bounds
from tests.support.agreement import (
    continuum_units,
    digitise,
    naive_alpha_u_parts,
    naive_u_alphas,
    partitions,
    presence,
)
from tests.support.hypothesis_profiles import examples

SETTINGS = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOL = 1e-9
UNIT_STATISTICS = list(TABLE_STATISTICS)


@st.composite
def projects(draw, coders=st.integers(2, 3), codes=st.integers(1, 3), max_length=40, min_length=0, done=True):
    """A small random project: documents (some maybe empty), spans (overlaps allowed), finished documents."""
    coder_names = [f"coder{i}" for i in range(draw(coders))]
    code_names = [f"k{i}" for i in range(draw(codes))]
    lengths = {f"d{i}": draw(st.integers(min_length, max_length)) for i in range(draw(st.integers(1, 3)))}
    spans = []
    for doc, length in lengths.items():
        if length == 0:
            continue
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, length - 1))
            end = draw(st.integers(start + 1, length))
            spans.append((doc, draw(st.sampled_from(coder_names)), draw(st.sampled_from(code_names)), start, end))
    finished = {}
    if done:
        for coder in coder_names:
            finished[coder] = set(draw(st.lists(st.sampled_from(sorted(lengths)), max_size=2)))
    return SpanData(lengths, spans, finished, codes=code_names, coders=coder_names)


def close(a, b):
    """Both undefined, or equal to 1e-9."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=TOL)


def same_statistics(found: dict, expected: dict) -> None:
    """Every unit statistic of a report entry equals the table's."""
    for name in UNIT_STATISTICS:
        assert close(found[name], expected[name].value), (name, found[name], expected[name])


@SETTINGS
@given(projects(), st.booleans())
def test_character_statistics_equal_digitised_table(data, all_documents):
    coders = sorted({span[1] for span in data.spans} | set(data.coders))
    report = span_report(data, SpanOptions(coders=coders, codes=data.codes, all_documents=all_documents)).as_json()
    present = presence(data, coders, all_documents)
    pooled_rows = []
    for code in data.codes:
        rows = digitise(dict(data.documents), list(data.spans), coders, code, present)
        pooled_rows.extend(rows)
        same_statistics(report["codes"][code], table_statistics(UnitTable.from_rows(coders, rows, (0, 1))))
    same_statistics(report["pooled"], table_statistics(UnitTable.from_rows(coders, pooled_rows, (0, 1))))
    for doc, per_code in report["per_document"].items():
        for code, figures in per_code.items():
            rows = digitise({doc: data.length(doc)}, list(data.spans), coders, code, present)
            same_statistics(figures, table_statistics(UnitTable.from_rows(coders, rows, (0, 1))))


CUTTERS = {"word": word_bounds, "sentence": sentence_bounds, "paragraph": paragraph_bounds}
WORDS = st.sampled_from(["I", "went", "abroad.", "Why?", "don't", "\n\n", "\n", " ", "Kim!", "“No.”", "3.5", ","])


@st.composite
def text_projects(draw):
    """Projects whose documents have text made of words, punctuation and (blank) lines."""
    texts = {f"d{i}": "".join(draw(st.lists(WORDS, max_size=25))) for i in range(draw(st.integers(1, 2)))}
    spans = []
    for doc, text in texts.items():
        for _ in range(draw(st.integers(0, 5))) if text else ():
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            spans.append((doc, draw(st.sampled_from(["a", "b", "c"])), "k", start, end))
    return SpanData(texts, spans, codes=["k"], coders=["a", "b", "c"])


@SETTINGS
@given(text_projects(), st.sampled_from(["word", "sentence", "paragraph"]))
def test_larger_units_equal_naive_cutting(data, unit):
    """A unit is 1 for a coder when any of their spans overlaps it (AGREEMENT.md section 2)."""
    coders = ["a", "b", "c"]
    report = span_report(data, SpanOptions(coders=coders, codes=["k"], unit=unit, all_documents=True)).as_json()
    rows = []
    for doc in sorted(data.documents):
        for start, end in CUTTERS[unit](data.text(doc)):
            rows.append(
                [
                    int(any(d == doc and c == coder and s < end and start < e for d, c, _, s, e in data.spans))
                    for coder in coders
                ]
            )
    same_statistics(report["codes"]["k"], table_statistics(UnitTable.from_rows(coders, rows, (0, 1))))


@SETTINGS
@given(projects(done=False, min_length=1))
def test_alpha_u_equals_double_sum(data):
    coders = sorted(data.coders)
    engine = SpanAgreement(prepare(data, coders=coders, codes=data.codes, all_documents=True))
    for code in data.codes:
        length, units = continuum_units(data, coders, code)
        found = engine.unitizing(code)
        if not any(units.values()):
            assert found.alpha().value is None and found.alpha().reason
            continue
        d_o, d_e = naive_alpha_u_parts(length, units)
        assert close(found.observed, d_o) and close(found.expected, d_e)


@SETTINGS
@given(partitions())
# Degenerate: one value everywhere, so the expected disagreement is 0 and both alphas are undefined
# (the reference helper once divided by zero here, failing on some random runs).
@example(
    SpanData({"d0": 1}, [("d0", "a", "x", 0, 1), ("d0", "b", "x", 0, 1)], codes=["x", "y", "z"], coders=["a", "b"])
)
def test_u_alpha_equals_per_character_definition(data):
    coders = list(data.coders)
    report = span_report(
        data, SpanOptions(coders=coders, codes=data.codes, all_documents=True, per_document=False)
    ).as_json()
    if not data.spans:
        assert report["u_alpha"] is None and report["u_alpha_reason"]
        return
    u_alpha, binary = naive_u_alphas(data, coders, list(data.codes))
    assert close(report["u_alpha"], u_alpha)
    assert close(report["binary_u_alpha"], binary)


def test_u_alpha_refuses_overlapping_codes():
    data = SpanData({"d": 20}, [("d", "a", "x", 0, 10), ("d", "a", "y", 5, 15), ("d", "b", "x", 0, 10)])
    report = span_report(data).as_json()
    assert report["u_alpha"] is None and "overlap" in report["u_alpha_reason"] and "--codes" in report["u_alpha_reason"]
    assert report["binary_u_alpha"] is None
    within = span_report(data, SpanOptions(codes=["x"])).as_json()
    assert within["u_alpha"] is not None


@SETTINGS
@given(projects(done=False, min_length=1), st.floats(0.05, 1.0))
def test_segment_matching_equals_definition(data, threshold):
    coders = sorted(data.coders)
    report = span_report(
        data, SpanOptions(coders=coders, codes=data.codes, threshold=threshold, all_documents=True)
    ).as_json()
    for code in data.codes:
        matched = total = 0
        for doc in data.documents:
            own = {
                c: merge_overlapping([(s, e) for d, cc, k, s, e in data.spans if d == doc and cc == c and k == code])
                for c in coders
            }
            for a in coders:
                for b in coders:
                    if a == b:
                        continue
                    total += len(own[a])
                    for s, e in own[a]:
                        # Exact: the overlap's share of the union against θ read as its decimal.
                        if any(
                            min(e, t) - max(s, u) > 0
                            and Fraction(min(e, t) - max(s, u), max(e, t) - min(s, u)) >= Fraction(repr(threshold))
                            for u, t in own[b]
                        ):
                            matched += 1
        segments = report["codes"][code]["segments"]
        assert (segments["matched"], segments["total"]) == (matched, total)


def test_matched_count_walks_candidates():
    assert matched_count([(0, 10), (20, 30)], [(0, 9), (21, 30)], 0.9) == 2
    assert matched_count([(0, 10)], [(0, 5), (5, 10)], 0.9) == 0  # two halves are not one match
    assert matched_count([(0, 10)], [], 0.5) == 0


# --- properties -----------------------------------------------------------------------------------


@SETTINGS
@given(projects(done=False, min_length=1))
def test_identical_coders_give_one_where_defined(data):
    first = data.spans and data.spans[0][1]
    copied = [span for span in data.spans if span[1] == first]
    copied += [(d, "twin", k, s, e) for d, c, k, s, e in copied]
    assume(copied)  # rejected examples are counted: hypothesis fails if too few are usable
    twin = SpanData(data.documents, copied, codes=data.codes)
    report = span_report(twin, SpanOptions(all_documents=True)).as_json()
    figures = [
        report["pooled"],
        *report["codes"].values(),
        *[f for doc in report["per_document"].values() for f in doc.values()],
    ]
    defined = 0
    for entry in figures:
        for name in UNIT_STATISTICS + ["alpha_u"]:
            assert entry.get(name) is None or close(entry[name], 1.0), name
            defined += entry.get(name) is not None
        assert entry["segments"]["share"] == 1.0
    assert defined  # identical coders always give percent agreement: a report of only None would pass vacuously
    for name in ("alpha_u", "u_alpha", "binary_u_alpha"):
        assert report[name] is None or close(report[name], 1.0), name


def symmetric_figures(report: dict) -> dict:
    """Figures that must not move when coders, documents or spans are reordered."""
    out = {}
    for name in ("alpha_u", "u_alpha", "binary_u_alpha", "documents", "continuum_documents", "unit_count"):
        out[name] = report[name]
    for code, figures in list(report["codes"].items()) + [("pooled", report["pooled"])]:
        for name in UNIT_STATISTICS + ["alpha_u", "units", "pairable_units"]:
            if name in figures:
                out[(code, name)] = figures[name]
        out[(code, "segments")] = {k: figures["segments"][k] for k in ("matched", "total", "share")}
    return out


@SETTINGS
@given(projects(), st.randoms(use_true_random=False))
def test_order_of_coders_documents_spans_changes_nothing(data, rng):
    coders = sorted(set(data.coders))
    before = symmetric_figures(span_report(data, SpanOptions(coders=coders, codes=data.codes)).as_json())
    shuffled_spans = list(data.spans)
    rng.shuffle(shuffled_spans)
    documents = list(data.documents.items())
    rng.shuffle(documents)
    shuffled_coders = list(coders)
    rng.shuffle(shuffled_coders)
    again = SpanData(dict(documents), shuffled_spans, data.coded_documents, data.codes, data.coders)
    after = symmetric_figures(span_report(again, SpanOptions(coders=shuffled_coders, codes=data.codes)).as_json())
    assert before.keys() == after.keys()
    for key in before:
        a, b = before[key], after[key]
        if isinstance(a, float) or isinstance(b, float):
            assert close(a, b), key
        else:
            assert a == b, key


# --- edge cases -----------------------------------------------------------------------------------


def test_code_only_one_coder_used():
    data = SpanData({"d": 100}, [("d", "a", "x", 10, 20), ("d", "b", "y", 30, 40)])
    report = span_report(data).as_json()
    x = report["codes"]["x"]
    assert x["percent_agreement"] == 0.9
    assert x["cohen_kappa"] == 0.0  # b's marginal has no 1s: p_e = p_o·… ; defined
    assert x["segments"]["matched"] == 0 and x["segments"]["precision"] is None
    assert "b has no segments" in x["segments"]["precision_reason"]
    assert x["segments"]["recall"] == 0.0


def test_coder_with_no_spans():
    data = SpanData({"d": 50, "e": 30}, [("d", "a", "x", 0, 10)], {"b": {"d"}}, coders=["a", "b"])
    report = span_report(data, SpanOptions(coders=["a", "b"])).as_json()
    assert report["documents_by_coder"] == {"a": ["d"], "b": ["d"]}
    assert report["codes"]["x"]["units"] == 50  # e counts for nobody
    assert report["codes"]["x"]["percent_agreement"] == 0.8
    lazy = SpanData({"d": 50}, [("d", "a", "x", 0, 10)], coders=["a", "b"])
    alone = span_report(lazy, SpanOptions(coders=["a", "b"])).as_json()
    assert alone["codes"]["x"]["percent_agreement"] is None
    assert "pairable" in alone["codes"]["x"]["percent_agreement_reason"]
    assert alone["alpha_u"] is None and alone["alpha_u_reason"]
    with pytest.raises(InputError, match="unknown coder"):
        span_report(lazy, SpanOptions(coders=["a", "zed"])).as_json()


def test_single_document_and_empty_documents():
    data = SpanData({"d": 10, "empty": 0, "blank": ""}, [("d", "a", "x", 0, 5), ("d", "b", "x", 0, 5)])
    report = span_report(data, SpanOptions(all_documents=True)).as_json()
    assert report["codes"]["x"]["percent_agreement"] == 1.0
    assert report["codes"]["x"]["units"] == 10
    assert list(report["per_document"]) == ["d"]  # an empty document compares nothing: no entry
    assert report["alpha_u"] == 1.0 and report["u_alpha"] == 1.0


def test_overlapping_spans_of_one_coder_are_merged():
    merged = SpanData({"d": 30}, [("d", "a", "x", 0, 10), ("d", "b", "x", 2, 12)])
    split = SpanData(
        {"d": 30}, [("d", "a", "x", 0, 6), ("d", "a", "x", 4, 10), ("d", "a", "x", 1, 3), ("d", "b", "x", 2, 12)]
    )
    one, two = span_report(merged).as_json(), span_report(split).as_json()
    assert one["codes"] == two["codes"] and one["alpha_u"] == two["alpha_u"]
    assert two["codes"]["x"]["segments"]["by_coder"] == {"a": 1, "b": 1}


def test_touching_spans_stay_two_segments():
    data = SpanData({"d": 30}, [("d", "a", "x", 0, 5), ("d", "a", "x", 5, 10), ("d", "b", "x", 0, 10)])
    report = span_report(data).as_json()
    assert report["codes"]["x"]["percent_agreement"] == 1.0  # same coverage
    assert report["codes"]["x"]["alpha_u"] < 1.0  # but two units against one
    assert report["codes"]["x"]["segments"]["by_coder"] == {"a": 2, "b": 1}


def test_bad_input_is_refused():
    with pytest.raises(InputError, match="unknown document"):
        span_report(SpanData({"d": 5}, [("x", "a", "k", 0, 1), ("d", "b", "k", 0, 1)])).as_json()
    with pytest.raises(InputError, match="non-empty range"):
        span_report(SpanData({"d": 5}, [("d", "a", "k", 3, 9), ("d", "b", "k", 0, 1)])).as_json()
    with pytest.raises(InputError, match="two coders"):
        span_report(SpanData({"d": 5}, [("d", "a", "k", 0, 1)])).as_json()
    with pytest.raises(InputError, match="unknown code"):
        span_report(
            SpanData({"d": 5}, [("d", "a", "k", 0, 1), ("d", "b", "k", 0, 1)]), SpanOptions(codes=["nope"])
        ).as_json()
    with pytest.raises(InputError, match="need the text"):
        span_report(
            SpanData({"d": 5}, [("d", "a", "k", 0, 1), ("d", "b", "k", 0, 1)]), SpanOptions(unit="word")
        ).as_json()
    with pytest.raises(InputError, match="threshold"):
        span_report(
            SpanData({"d": 5}, [("d", "a", "k", 0, 1), ("d", "b", "k", 0, 1)]), SpanOptions(threshold=0)
        ).as_json()


def test_three_coders_report_pairs_not_cohen():
    data = SpanData({"d": 40}, [("d", c, "x", 0, 10 + i) for i, c in enumerate("abc")])
    report = span_report(data).as_json()
    x = report["codes"]["x"]
    assert x["cohen_kappa"] is None and "3 are compared" in x["cohen_kappa_reason"]
    assert x["scott_pi"] is None
    assert set(x["segments"]["pairs"]) == {"a|b", "a|c", "b|c"}
    assert x["segments"]["precision"] is None and "pairs" in x["segments"]["precision_reason"]


def test_unused_codebook_codes_are_listed_not_compared():
    data = SpanData({"d": 10}, [("d", "a", "x", 0, 5), ("d", "b", "x", 0, 5)], codes=["x", "never"])
    report = span_report(data).as_json()
    assert list(report["codes"]) == ["x"] and report["unused_codes"] == ["never"]
    named = span_report(data, SpanOptions(codes=["x", "never"])).as_json()
    assert named["codes"]["never"]["cohen_kappa"] is None and named["codes"]["never"]["cohen_kappa_reason"]


def test_unit_statistics_of_large_random_project_match_digitised():
    """A bigger project than hypothesis draws, to exercise run-length stretches over long documents."""
    rng = random.Random(5)
    lengths = {f"doc{i}": rng.randint(200, 900) for i in range(6)}
    spans = []
    for doc, length in lengths.items():
        for _ in range(40):
            start = rng.randrange(length - 1)
            spans.append(
                (doc, rng.choice("abc"), rng.choice(["p", "q"]), start, rng.randint(start + 1, min(length, start + 80)))
            )
    data = SpanData(lengths, spans)
    report = span_report(data, SpanOptions(coders=["a", "b", "c"], per_document=False)).as_json()
    present = presence(data, ["a", "b", "c"])
    for code in ("p", "q"):
        rows = digitise(lengths, spans, ["a", "b", "c"], code, present)
        same_statistics(report["codes"][code], table_statistics(UnitTable.from_rows(["a", "b", "c"], rows, (0, 1))))
    assert unit_statistics(UnitTable.from_rows(["a", "b"], [[0, 1]]))["units"] == 1


def test_no_code_used_in_the_compared_documents():
    data = SpanData({"A": "abc def", "C": "xyz"}, [("A", "a", "k", 0, 3), ("A", "b", "k", 0, 3)])
    report = span_report(data, SpanOptions(documents=["C"])).as_json()
    assert report["codes"] == {} and report["pooled"] == {}
    assert report["alpha_u"] is None and report["alpha_u_reason"] == "no code was compared"
    assert report["u_alpha"] is None and report["u_alpha_reason"]


@SETTINGS
@given(projects())
def test_a_report_that_keeps_no_parts_gives_the_same_figures(data):
    """Without `reuse` nothing is kept for later (what a report without bootstrap or per-document
    figures runs), and every figure is the same as with the parts kept."""
    prepared = prepare(data, coders=sorted(data.coders), codes=data.codes)
    kept, fresh = SpanAgreement(prepared), SpanAgreement(prepared, reuse=False)
    assert fresh.figures() == kept.figures()
    assert not (fresh._segments or fresh._pieces or fresh._partitions)
    assert kept._segments or not prepared.segments
