"""Property: on random small continua (two and three coders) the exact best alignment equals brute force."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.gamma_alignment import EMPTY, TIE, best_alignment
from annotator.agreement.gamma_dissimilarity import Continuum, GammaParameters, GammaRow, positional_dissimilarity
from tests.support.hypothesis_profiles import examples

SETTINGS = settings(max_examples=examples(120), deadline=None)

Unit = tuple[float, float, str]


def pair_cost(u: Unit | None, v: Unit | None, parameters: GammaParameters) -> float:
    """Mathet's d for one coder pair: Δ∅ when either side is empty, α·d_pos + β·d_cat otherwise."""
    if u is None or v is None:
        return parameters.delta_empty
    position = positional_dissimilarity(u[0], u[1], v[0], v[1], parameters.delta_empty)
    category = parameters.delta_empty if u[2] != v[2] else 0.0
    return parameters.alpha * position + parameters.beta * category


def partitions(remaining: list[list[Unit]]) -> Iterator[list[tuple[Unit | None, ...]]]:
    """Every partition of the units into unitary alignments (at most one unit per coder each)."""
    first = next((coder for coder, units in enumerate(remaining) if units), None)
    if first is None:
        yield []
        return
    unit = remaining[first][0]
    others = [[None, *units] if coder != first else [unit] for coder, units in enumerate(remaining)]
    for choice in itertools.product(*others):
        rest = [[u for u in units if u is not choice[coder]] for coder, units in enumerate(remaining)]
        for partition in partitions(rest):
            yield [choice, *partition]


def brute_force_disorder(per_coder: list[list[Unit]], parameters: GammaParameters) -> float:
    """The least disorder over every alignment, each scored from the definition."""
    coders = len(per_coder)
    pairs = list(itertools.combinations(range(coders), 2))
    average = sum(len(units) for units in per_coder) / coders
    return min(
        sum(sum(pair_cost(tuple_[x], tuple_[y], parameters) for x, y in pairs) / len(pairs) for tuple_ in partition)
        / average
        for partition in partitions([list(units) for units in per_coder])
    )


def continua(coders: int) -> st.SearchStrategy[list[list[Unit]]]:
    """Small continua on whole numbers, where units overlap, nest and miss each other."""
    unit = st.builds(
        lambda start, length, code: (float(start), float(start + length), code),
        st.integers(0, 20),
        st.integers(1, 8),
        st.sampled_from("xy"),
    )
    return st.lists(st.lists(unit, max_size=3, unique=True), min_size=coders, max_size=coders).filter(
        lambda per_coder: any(per_coder)
    )


parameters_strategy = st.builds(
    GammaParameters,
    st.sampled_from([1.0, 3.0]),
    st.sampled_from([1.0, 2.0]),
    st.sampled_from([1.0, 0.5]),
)


def check(per_coder: list[list[Unit]], parameters: GammaParameters) -> None:
    rows: list[GammaRow] = [
        (f"c{i}", code, start, end) for i, units in enumerate(per_coder) for start, end, code in units
    ]
    continuum = Continuum.from_rows(rows, coders=[f"c{i}" for i in range(len(per_coder))])
    found = best_alignment(continuum, parameters)
    expected = brute_force_disorder([sorted(units) for units in per_coder], parameters)
    tolerance = TIE * parameters.delta_empty * len(per_coder) + 1e-9
    assert abs(found.disorder - expected) <= tolerance
    # the alignment is a partition: every unit exactly once
    for coder, units in enumerate(continuum.units):
        column = found.members[:, coder]
        assert sorted(column[column != EMPTY].tolist()) == list(range(len(units)))


@SETTINGS
@given(continua(2), parameters_strategy)
def test_two_coders_exact_alignment_equals_brute_force(
    per_coder: list[list[Unit]], parameters: GammaParameters
) -> None:
    check(per_coder, parameters)


@SETTINGS
@given(continua(3), parameters_strategy)
def test_three_coders_exact_alignment_equals_brute_force(
    per_coder: list[list[Unit]], parameters: GammaParameters
) -> None:
    check(per_coder, parameters)
