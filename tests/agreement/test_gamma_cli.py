"""γ on a project's spans: `span_gamma` and the `annotator agreement --gamma` hook (JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.agreement.analysis import SpanOptions
from annotator.agreement.gamma_spans import span_gamma
from annotator.agreement.spans import SpanData
from annotator.domain.errors import AnnotatorError
from tests.agreement.test_cli_agreement import project  # noqa: F401  (the fixture)


def test_no_unit_is_aligned_across_documents() -> None:
    # End to end without a gap, ana's (8, 10) in A and ben's (0, 2) in B would touch and be aligned.
    data = SpanData(documents={"A": 10, "B": 10}, spans=[("A", "ana", "x", 8, 10), ("B", "ben", "x", 0, 2)])
    result = span_gamma(data, SpanOptions(all_documents=True), samples=3)
    assert result.unitary_alignments == 2
    assert result.observed_disorder == pytest.approx(2.0)


def test_overlapping_spans_of_one_coder_stay_two_units() -> None:
    spans = [("A", "ana", "x", 0, 10), ("A", "ana", "y", 5, 15), ("A", "ben", "x", 0, 10), ("A", "ben", "y", 5, 15)]
    result = span_gamma(SpanData(documents={"A": 20}, spans=spans), SpanOptions(), samples=3)
    assert result.observed_disorder == 0 and result.gamma == 1.0


def test_no_span_where_every_coder_counts_is_one_line() -> None:
    data = SpanData(documents={"A": 10, "B": 10}, spans=[("A", "ana", "x", 0, 2), ("B", "ben", "x", 0, 2)])
    with pytest.raises(AnnotatorError, match="no span in the documents every compared coder coded"):
        span_gamma(data, SpanOptions())


def test_agreement_gamma_adds_gamma_to_the_json_report(run_cli, project: Path) -> None:
    result = run_cli("agreement", "--db", project, "--format", "json", "--gamma")
    assert result.exit_code == 0, result.output
    gamma = json.loads(result.output)["gamma"]
    assert gamma["coders"] == ["ana", "ben"] and gamma["samples"] == 30 and gamma["seed"] == 4772
    assert set(gamma["gamma_k"]) == {"bribery", "surveillance", "wage-deduction"}
    assert gamma["parameters"] == {"alpha": 1.0, "beta": 1.0, "delta_empty": 1.0}
    assert -1 < gamma["gamma"] <= 1


def test_agreement_gamma_outside_json_is_one_line(run_cli, project: Path) -> None:
    result = run_cli("agreement", "--db", project, "--gamma")
    assert result.exit_code != 0
    assert "--gamma is in the JSON report for now: add --format json" in result.output
    assert "Traceback" not in result.output
