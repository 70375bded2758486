"""Bootstrap intervals: a replicate equals the report on the resampled project; percentiles as numpy's."""

from __future__ import annotations

import math
import random

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.agreement.analysis import SpanAgreement, SpanOptions, span_report, table_report, to_json
from annotator.agreement.bootstrap import percentile
from annotator.agreement.spans import SpanData, prepare
from annotator.agreement.unit_table import UnitTable
from tests.support.hypothesis_profiles import examples


def project(seed: int) -> SpanData:
    """Five random documents, coders a and b, codes x and y, no coder overlapping themself."""
    rng = random.Random(seed)
    lengths = {f"d{i}": rng.randint(20, 60) for i in range(5)}
    spans = []
    for doc, length in lengths.items():
        for coder in "ab":
            position = 0
            while position < length - 2 and rng.random() < 0.8:
                start = rng.randint(position, length - 2)
                end = rng.randint(start + 1, min(length, start + 15))
                spans.append((doc, coder, rng.choice("xy"), start, end))
                position = end
    return SpanData(lengths, spans, codes=["x", "y"], coders=["a", "b"])


def duplicated(data: SpanData, weights: dict[str, int]) -> SpanData:
    """The resampled project itself: document `d` taken k times as d, d\\x001, … (sorting right after d)."""
    documents = {}
    spans = []
    for doc, times in weights.items():
        for copy in range(times):
            name = doc if copy == 0 else f"{doc}\x00{copy}"
            documents[name] = data.documents[doc]
            spans.extend((name, c, k, s, e) for d, c, k, s, e in data.spans if d == doc)
    return SpanData(documents, spans, codes=data.codes, coders=data.coders)


def flat(tree, prefix=()):
    """(path, value) of every number or null in a nested dict."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from flat(value, prefix + (key,))
        elif isinstance(value, float) or value is None:
            yield prefix + (key,), value


@settings(max_examples=examples(25), deadline=None)
@given(st.integers(0, 10_000), st.lists(st.integers(0, 3), min_size=5, max_size=5))
def test_replicate_equals_report_on_resampled_documents(seed, times):
    data = project(seed)
    weights = {doc: count for doc, count in zip(sorted(data.documents), times) if count}
    assume(weights)
    engine = SpanAgreement(prepare(data, coders=["a", "b"], codes=["x", "y"]))
    replicate = to_json(engine.figures(weights))
    direct = span_report(
        duplicated(data, weights), SpanOptions(coders=["a", "b"], codes=["x", "y"], per_document=False)
    ).as_json()
    for path, value in flat(replicate):
        expected = direct
        for key in path:
            expected = expected[key]
        assert (value is None) == (expected is None), path
        assert value is None or math.isclose(value, expected, abs_tol=1e-9), path


def test_span_bootstrap_is_reproducible_and_complete():
    data = project(1)
    first = span_report(data, SpanOptions(bootstrap=30, seed=4)).as_json()
    again = span_report(data, SpanOptions(bootstrap=30, seed=4)).as_json()
    other = span_report(data, SpanOptions(bootstrap=30, seed=5)).as_json()
    assert first == again and first != other
    assert first["bootstrap"]["replicates"] == 30 and first["bootstrap"]["resampled"] == "documents"
    for name in ("alpha_u", "u_alpha", "binary_u_alpha"):
        assert name + "_ci" in first
    for figures in [first["pooled"], *first["codes"].values()]:
        for name in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
            low, high = figures[name + "_ci"]
            assert low <= high
        assert "share_ci" in figures["segments"]
    default = span_report(data, SpanOptions(bootstrap=5)).as_json()
    assert default == span_report(data, SpanOptions(bootstrap=5)).as_json()  # a fixed seed by default


def test_table_bootstrap_equals_resampling_by_hand():
    rows = [[1, 1], [1, 2], [2, 2], [3, 3], [None, 1], [2, 2], [1, 3]]
    table = UnitTable.from_rows(["a", "b"], rows)
    report = table_report(table, bootstrap=200, seed=9).as_json()
    assert report["bootstrap"]["resampled"] == "units"
    # By hand: the same draws (Python's Random, drawing len(units) indexes per replicate).
    units = [row for row in table.rows for _ in range(table.rows[row])]
    rng = random.Random(9)
    values = []
    for _ in range(200):
        drawn = [units[rng.randrange(len(units))] for _ in units]
        found = table_report(UnitTable.from_rows(["a", "b"], drawn)).as_json()["percent_agreement"]
        if found is not None:
            values.append(found)
    assert np.allclose(report["percent_agreement_ci"], np.percentile(values, [2.5, 97.5]))


@given(st.lists(st.floats(-1, 1), min_size=1, max_size=40), st.floats(0, 1))
def test_percentile_is_numpys_linear(values, share):
    values.sort()
    assert math.isclose(percentile(values, share), float(np.percentile(values, share * 100)), abs_tol=1e-12)


def test_undefined_in_every_replicate_says_so():
    table = UnitTable.from_rows(["a", "b", "c"], [[1, 1, 1], [2, 2, 2]])
    report = table_report(table, bootstrap=10, seed=1).as_json()
    assert report["cohen_kappa"] is None and report["cohen_kappa_ci"] is None
    assert report["cohen_kappa_ci_reason"]
