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


def test_agreement_gamma_in_the_table_with_its_options(run_cli, project: Path) -> None:
    options = ("--gamma-samples", "5", "--gamma-sampler", "shuffle", "--gamma-seed", "7", "--gamma-alpha", "2")
    table = run_cli("agreement", "--db", project, *options, "--gamma-empty", "0.5")  # each implies --gamma
    assert table.exit_code == 0, table.output
    found = run_cli("agreement", "--db", project, "--format", "json", *options, "--gamma-empty", "0.5")
    gamma = json.loads(found.output)["gamma"]
    assert (gamma["samples"], gamma["sampler"], gamma["seed"]) == (5, "shuffle", 7)
    assert gamma["parameters"] == {"alpha": 2.0, "beta": 1.0, "delta_empty": 0.5}
    assert f"Mathet et al.'s γ                    {gamma['gamma']:.3f}" in table.output
    assert "α = 2, β = 1, Δ∅ = 0.5; expected disorder from 5 random continua (shuffle sampler, seed 7)" in " ".join(
        table.output.split()
    )


def test_gamma_options_are_checked_in_one_line(run_cli, project: Path, tmp_path: Path) -> None:
    for args, message in (
        (("--gamma-samples", "0"), "--gamma-samples"),
        (("--gamma-sampler", "random"), "--gamma-sampler"),
        (("--gamma-empty", "0"), "--gamma-empty"),
    ):
        result = run_cli("agreement", "--db", project, *args)
        assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    table = tmp_path / "units.csv"
    table.write_text("a,b\n1,1\n2,2\n", encoding="utf-8")
    result = run_cli("agreement", "--table", table, "--gamma-samples", "5")
    assert result.exit_code != 0 and "drop --gamma-samples" in result.output


def test_methods_refuses_gamma_not_computed(run_cli, project: Path) -> None:
    result = run_cli("agreement", "--db", project, "--format", "methods", "--statistics", "gamma")
    assert result.exit_code == 1 and "add --gamma" in result.output


def test_a_code_one_coder_never_used_has_no_gamma_k_in_the_report() -> None:
    """pygamma scores such a code's γ-k 1 (no categorical disorder seen); the report leaves it
    undefined and says why, as it does every figure of a code one coder never used."""
    spans = [("A", "ana", "x", 0, 10), ("A", "ben", "x", 1, 10), ("A", "ana", "y", 20, 30), ("A", "ana", "x", 40, 50)]
    spans.append(("A", "ben", "x", 40, 48))
    result = span_gamma(SpanData(documents={"A": 60}, spans=spans), SpanOptions(), samples=5)
    assert result.gamma_k["y"] == 1.0  # the library's value, as pygamma's
    figures = result.figures().as_json()
    assert figures["gamma_k"]["y"] is None
    assert "ben never used this code" in figures["gamma_k_reasons"]["y"]
    assert figures["gamma_k"]["x"] is not None
