"""Mathet's γ against the paper's figures, pygamma-agreement's own tests and fixtures pygamma made."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from annotator.agreement.gamma import compute_gamma
from annotator.agreement.gamma_alignment import best_alignment, unitary_disorder
from annotator.agreement.gamma_dissimilarity import Continuum, GammaParameters, GammaRow, positional_dissimilarity
from annotator.agreement.gamma_sampling import SAMPLERS
from annotator.domain.errors import AnnotatorError

DATA = Path(__file__).parent.parent / "data" / "gamma"
PYGAMMA_TEST_PARAMETERS = GammaParameters(alpha=3, beta=1, delta_empty=1)  # what pygamma's tests use


def pygamma_csv(name: str) -> list[GammaRow]:
    """A continuum of pygamma's tests/data (rows: coder, code, start, end)."""
    with (DATA / f"{name}.csv").open() as file:
        return [(coder, code, float(start), float(end)) for coder, code, start, end in csv.reader(file)]


@pytest.mark.parametrize(
    ("u", "v", "expected"),
    [((4, 14), (40, 44), 22.2), ((4, 14), (20, 25), 3.2), ((4, 14), (14, 24), 1.0), ((20, 30), (20, 25), 0.11)],
)
def test_positional_dissimilarities_of_mathet_2015_figure_10(
    u: tuple[int, int], v: tuple[int, int], expected: float
) -> None:
    assert round(positional_dissimilarity(*u, *v), 2 if expected < 1 else 1) == expected


def test_the_combined_dissimilarity_adds_alpha_position_and_beta_category() -> None:
    continuum = Continuum.from_rows([("a", "x", 4, 14), ("b", "y", 20, 25)])
    parameters = GammaParameters(alpha=2, beta=3, delta_empty=1)
    alignment = best_alignment(continuum, parameters)
    # 2·3.24 + 3·1 = 9.48 ≥ 2Δ∅: two lone units (Δ∅ each) over 1 unit per coder on average
    assert alignment.disorder == pytest.approx(2.0)
    assert len(alignment) == 2


def test_an_empty_empty_pair_costs_delta_empty_as_in_pygamma() -> None:
    """Regression: scoring the empty-empty pair 0 gives 0.836 on AlexPaulSuzan instead of pygamma's 0.9606."""
    assert unitary_disorder(0.0, 1, 3, 1.0) == 1.0  # a lone unit among three coders costs Δ∅, not 2Δ∅/3
    alignment = best_alignment(Continuum.from_rows(pygamma_csv("AlexPaulSuzan")), PYGAMMA_TEST_PARAMETERS)
    assert alignment.disorder == pytest.approx(0.960625, abs=1e-6)


def test_pygamma_tests_alexpaulsuzan() -> None:
    """pygamma tests/test_gammas.py::test_gamma_alexpaulsuzan (shuffle sampler) with our default seed."""
    result = compute_gamma(
        Continuum.from_rows(pygamma_csv("AlexPaulSuzan")), PYGAMMA_TEST_PARAMETERS, sampler="shuffle"
    )
    assert result.unitary_alignments == 6
    assert result.observed_disorder == pytest.approx(0.96, rel=0.01)
    assert 0.44 <= result.gamma <= 0.47
    assert result.gamma_cat is not None and 0.38 <= result.gamma_cat <= 0.42
    for code, expected in {"1": 1, "5": 1, "6": 0.37}.items():
        assert result.gamma_k[code] == pytest.approx(expected, abs=0.01)
    for code in ("2", "3", "4", "7"):
        value = result.gamma_k[code]
        assert value is not None and value <= 0


@pytest.mark.parametrize(
    ("name", "alignments", "gamma", "gamma_cat", "gamma_k"),
    [
        (
            "3by100",
            127,
            (0.79, 0.81),
            (0.89, 0.91),
            {"Adj": (0.81, 0.83), "Noun": (0.88, 0.90), "Verb": (0.69, 0.71), "Prep": (0.96, 1)},
        ),
        (
            "2by1000",
            1085,
            (0.39, 0.42),
            (0.38, 0.42),
            {"Adj": (0.21, 0.25), "Noun": (0.36, 0.39), "Prep": (0.31, 0.35), "Verb": (0.11, 0.15)},
        ),
    ],
)
def test_pygamma_tests_statistical_sampler(
    name: str,
    alignments: int,
    gamma: tuple[float, float],
    gamma_cat: tuple[float, float],
    gamma_k: dict[str, tuple[float, float]],
) -> None:
    """pygamma tests/test_gammas.py::test_gamma_3by100 and test_gamma_2by1000, with our default seed."""
    result = compute_gamma(Continuum.from_rows(pygamma_csv(name)), PYGAMMA_TEST_PARAMETERS)
    assert result.unitary_alignments == alignments
    assert gamma[0] <= result.gamma <= gamma[1]
    assert result.gamma_cat is not None and gamma_cat[0] <= result.gamma_cat <= gamma_cat[1]
    for code, (low, high) in gamma_k.items():
        value = result.gamma_k[code]
        assert value is not None and low <= value <= high, code


def reference_cases() -> list[dict[str, object]]:
    """The cases tests/data/gamma/make_fixtures.py computed with pygamma-agreement 0.5.9."""
    cases: list[dict[str, object]] = json.loads((DATA / "pygamma_reference.json").read_text())["cases"]
    return cases


@pytest.mark.parametrize(
    "case",
    reference_cases(),
    ids=lambda case: f"{case['continuum']}-a{case['alpha']}-b{case['beta']}-d{case['delta_empty']}",
)
def test_best_alignment_disorder_equals_pygamma(case: dict[str, object]) -> None:
    """Exact disorders equal pygamma's (float32 there, so to 1e-6 relative).

    pygamma scales only the positional part by Δ∅ in its compiled combined dissimilarity: the
    categorical one was compiled with Δ∅ = 1 before `delta_empty` was set. Mathet et al. scale both,
    as we do; so where Δ∅ ≠ 1 pygamma's β equals our β/Δ∅.
    """
    rows = case["rows"] or pygamma_csv(str(case["continuum"]))
    assert isinstance(rows, list)
    delta = float(str(case["delta_empty"]))
    parameters = GammaParameters(float(str(case["alpha"])), float(str(case["beta"])) / delta, delta)
    continuum = Continuum.from_rows([(str(c), str(k), float(s), float(e)) for c, k, s, e in rows])
    assert best_alignment(continuum, parameters).disorder == pytest.approx(case["best_alignment_disorder"], rel=1e-6)


@pytest.mark.parametrize(
    "case",
    [case for case in reference_cases() if case["delta_empty"] == 1 and case["continuum"] != "2by1000"],
    ids=lambda case: f"{case['continuum']}-a{case['alpha']}",
)
def test_shuffle_gamma_is_near_pygamma(case: dict[str, object]) -> None:
    """γ by the shuffle sampler lands near pygamma's (its own draws, so only near: both estimate one figure)."""
    rows = case["rows"] or pygamma_csv(str(case["continuum"]))
    assert isinstance(rows, list)
    parameters = GammaParameters(float(str(case["alpha"])), float(str(case["beta"])), 1.0)
    continuum = Continuum.from_rows([(str(c), str(k), float(s), float(e)) for c, k, s, e in rows])
    result = compute_gamma(continuum, parameters, sampler="shuffle")
    assert result.gamma == pytest.approx(case["shuffle_gamma"], abs=0.06)


def test_gamma_is_deterministic_for_a_seed_and_its_interval_holds_it() -> None:
    continuum = Continuum.from_rows(pygamma_csv("AlexPaulSuzan"))
    first = compute_gamma(continuum, samples=10)
    assert compute_gamma(continuum, samples=10) == first
    assert compute_gamma(continuum, samples=10, seed=1).expected_disorder != first.expected_disorder
    assert first.interval is not None and first.interval[0] <= first.gamma <= first.interval[1]
    assert first.samples == 10 and first.sampler == "statistical"
    assert first.as_json()["gamma_k"].keys() == {"1", "2", "3", "4", "5", "6", "7"}


def test_a_precision_level_draws_more_samples_when_the_first_vary() -> None:
    result = compute_gamma(Continuum.from_rows(pygamma_csv("AlexPaulSuzan")), samples=5, precision=0.01)
    assert result.samples > 5


def test_perfect_agreement_is_one() -> None:
    rows = [(coder, "x", float(start), float(start + 5)) for coder in "abc" for start in (0, 10, 20)]
    result = compute_gamma(Continuum.from_rows(rows), samples=3)
    assert result.observed_disorder == 0 and result.gamma == 1.0 and result.gamma_cat == 1.0


@pytest.mark.parametrize("sampler", sorted(SAMPLERS))
def test_samplers_keep_the_coders_and_give_units_a_length(sampler: str) -> None:
    continuum = Continuum.from_rows(pygamma_csv("3by100"))
    sample = SAMPLERS[sampler](continuum)(np.random.default_rng(0))
    assert sample.coders == continuum.coders and sample.codes == continuum.codes
    assert sample.unit_count > 0
    assert all((units.ends > units.starts).all() for units in sample.units)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("a", "x", 1.0, 5.0)], "at least two coders"),
        ([("a", "x", 5.0, 5.0), ("b", "x", 1.0, 2.0)], "unit 1 has no length"),
    ],
)
def test_bad_continua_are_refused_in_one_line(rows: list[GammaRow], message: str) -> None:
    with pytest.raises(AnnotatorError, match=message) as raised:
        compute_gamma(Continuum.from_rows(rows))
    assert "\n" not in str(raised.value)


def test_bad_options_are_refused_in_one_line() -> None:
    continuum = Continuum.from_rows(pygamma_csv("AlexPaulSuzan"))
    with pytest.raises(AnnotatorError, match="no sampler 'mathet'"):
        compute_gamma(continuum, sampler="mathet")
    with pytest.raises(AnnotatorError, match="precision"):
        compute_gamma(continuum, precision=2)
    with pytest.raises(AnnotatorError, match="Δ∅ > 0"):
        GammaParameters(delta_empty=0)


def test_the_integer_program_refuses_beyond_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("annotator.agreement.gamma_alignment.CANDIDATE_CAP", 10)
    with pytest.raises(AnnotatorError, match="more than 10 candidate alignments") as raised:
        best_alignment(Continuum.from_rows(pygamma_csv("3by100")), PYGAMMA_TEST_PARAMETERS)
    assert "\n" not in str(raised.value)


def test_pairs_found_slice_by_slice_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole document coded as one span widens every search window; the pairs come in slices, the same ones."""
    rows = [*pygamma_csv("2by1000"), ("annotator_2", "Noun", 0.0, 20_000.0)]
    continuum = Continuum.from_rows(rows)
    whole = best_alignment(continuum, PYGAMMA_TEST_PARAMETERS)
    monkeypatch.setattr("annotator.agreement.gamma_dissimilarity.PAIRS_AT_ONCE", 97)
    sliced = best_alignment(continuum, PYGAMMA_TEST_PARAMETERS)
    assert sliced.disorder == whole.disorder
    assert (sliced.members == whole.members).all()
