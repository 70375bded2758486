"""Mathet's γ, part 2: the best (least disordered) alignment of a continuum, found exactly.

A unitary alignment takes at most one unit of each coder; its disorder is the mean over all
coder pairs of d(u, v), a pair where either side is empty costing Δ∅ (an empty-empty pair too,
as in pygamma and Mathet's software). So a lone unit costs exactly Δ∅, and a unitary alignment
of k units is worth choosing only if it costs at most k·Δ∅: every other one is pruned.

Two coders: a minimum-cost assignment where each unit may stay alone (cost Δ∅). Only pairs with
d ≤ 2Δ∅ can beat two lone units, so the units fall into independent blocks: a block with one unit
on a side takes its nearest partner, the others are solved together as one sparse full bipartite
matching. Three or more coders: an integer program over the candidates no split of them beats
(each unit covered exactly once), the linear relaxation first and HiGHS's branch and bound
(`scipy.optimize.milp`) on what it leaves fractional; refused beyond `CANDIDATE_CAP` candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from scipy.optimize import LinearConstraint, linprog, milp
from scipy.sparse import bmat, coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

from annotator.agreement.gamma_dissimilarity import (
    Continuum,
    FloatArray,
    GammaParameters,
    IntArray,
    near_pairs,
)
from annotator.domain.errors import AnnotatorError

CANDIDATE_CAP = 300_000
"""Most candidate unitary alignments the exact integer program takes (three or more coders)."""

WHOLE = 1e-7
"""A relaxed solution's value this close to 0 or 1 counts as whole."""

EMPTY = -1
"""The unit index that stands for "no unit of this coder" in a unitary alignment."""

TIE = 1e-6
"""Relative surcharge on a lone unit, so that of equally disordered alignments the one with
fewest unitary alignments wins (units are grouped at a tie, as pygamma's solver does on its tests;
the tie decides γ-cat and γ-k, never γ). Large enough for HiGHS's tolerances to see; reported
disorders never include it, and the chosen alignment is within TIE·Δ∅·coders of the least disorder."""


@dataclass(frozen=True)
class Alignment:
    """A partition of a continuum's units into unitary alignments, and its disorder.

    `members[k, c]` is the index of coder c's unit in unitary alignment k, or EMPTY;
    `disorders[k]` is that unitary alignment's disorder; `disorder` is their sum divided by the
    average number of units per coder (the observed disorder when the alignment is the best).
    """

    members: IntArray
    disorders: FloatArray
    disorder: float

    def __len__(self) -> int:
        return len(self.disorders)


def unitary_disorder(pair_sum: float, units: int, coders: int, delta_empty: float) -> float:
    """The disorder of a unitary alignment of `units` units whose real pairs' dissimilarities add to `pair_sum`."""
    pairs = comb(coders, 2)
    return (pair_sum + (pairs - comb(units, 2)) * delta_empty) / pairs


def best_alignment(continuum: Continuum, parameters: GammaParameters) -> Alignment:
    """The alignment of least disorder (exact), for two or more coders."""
    if len(continuum.coders) < 2:
        raise AnnotatorError("γ needs at least two coders")
    if continuum.unit_count == 0:
        raise AnnotatorError("γ needs at least one unit")
    if len(continuum.coders) == 2:
        members, disorders = _two_coders(continuum, parameters)
    else:
        members, disorders = _many_coders(continuum, parameters)
    return Alignment(members, disorders, float(disorders.sum() / continuum.average_units_per_coder))


def _two_coders(continuum: Continuum, parameters: GammaParameters) -> tuple[IntArray, FloatArray]:
    """Minimum-cost assignment with optional non-matching, block by block."""
    a, b = continuum.units
    size_a, size_b = len(a), len(b)
    delta = parameters.delta_empty
    rows, columns, values = near_pairs(a, b, parameters, 2 * delta * (1 + TIE))
    graph = coo_matrix((np.ones(len(rows)), (rows, size_a + columns)), shape=(size_a + size_b, size_a + size_b)).tocsr()
    _, labels = connected_components(graph, directed=False)
    in_a = np.bincount(labels[:size_a], minlength=labels.max() + 1)
    in_b = np.bincount(labels[size_a:], minlength=labels.max() + 1)
    # A block with one unit on a side (most blocks) pairs that unit with its nearest partner:
    # every edge has d ≤ 2Δ∅, no worse than two lone units, and only one pair fits.
    star = (in_a == 1) | (in_b == 1)
    edge_blocks = labels[rows]
    on_star = np.flatnonzero(star[edge_blocks])
    on_star = on_star[np.lexsort((values[on_star], edge_blocks[on_star]))]
    first = on_star[np.unique(edge_blocks[on_star], return_index=True)[1]]
    pairs = list(zip(rows[first].tolist(), columns[first].tolist(), values[first].tolist(), strict=True))
    hard = np.flatnonzero((in_a >= 2) & (in_b >= 2))
    if len(hard):
        pairs.extend(_assign_blocks(labels, hard, size_a, rows, columns, values, delta))
    paired = np.array([(row, column) for row, column, _ in pairs], dtype=np.int64).reshape(-1, 2)
    lone_a = np.setdiff1d(np.arange(size_a), paired[:, 0])
    lone_b = np.setdiff1d(np.arange(size_b), paired[:, 1])
    members = np.vstack(
        [
            paired,
            np.column_stack([lone_a, np.full(len(lone_a), EMPTY)]),
            np.column_stack([np.full(len(lone_b), EMPTY), lone_b]),
        ]
    ).astype(np.int64)
    disorders = np.concatenate([[value for _, _, value in pairs], np.full(len(lone_a) + len(lone_b), delta)])
    return members, disorders.astype(np.float64)


def _assign_blocks(
    labels: IntArray,
    blocks: IntArray,
    size_a: int,
    rows: IntArray,
    columns: IntArray,
    values: FloatArray,
    delta: float,
) -> list[tuple[int, int, float]]:
    """Solve the larger blocks together as one sparse assignment on [[D, Δ∅·I], [Δ∅·I, Eᵀ·0]].

    Left: the blocks' units of a, then a stand-in "alone" for each unit of b; right: their units
    of b, then a stand-in for each unit of a. A unit of a takes a unit of b (cost d) or its own
    stand-in (Δ∅, alone); the stand-ins left over pair off at no cost along the same edges
    reversed, which always completes the matching. Every full matching has the same number of
    edges, so adding 1 to every cost (sparse matrices drop zeros) changes no choice.
    """
    wanted = np.zeros(labels.max() + 1, dtype=bool)
    wanted[blocks] = True
    edges = np.flatnonzero(wanted[labels[rows]])
    units_a = np.unique(rows[edges])
    units_b = np.unique(columns[edges])
    p, q = len(units_a), len(units_b)
    local_rows = np.searchsorted(units_a, rows[edges])
    local_columns = np.searchsorted(units_b, columns[edges])
    lone_cost = delta * (1 + TIE) + 1
    matrix_rows = np.concatenate([local_rows, np.arange(p), p + np.arange(q), p + local_columns])
    matrix_columns = np.concatenate([local_columns, q + np.arange(p), np.arange(q), q + local_rows])
    costs = np.concatenate([values[edges] + 1, np.full(p + q, lone_cost), np.ones(len(edges))])
    matrix = csr_matrix((costs, (matrix_rows, matrix_columns)), shape=(p + q, q + p))
    chosen_rows, chosen_columns = min_weight_full_bipartite_matching(matrix)
    taken = (chosen_rows < p) & (chosen_columns < q)
    pair_rows, pair_columns = chosen_rows[taken], chosen_columns[taken]
    pair_values = np.asarray(matrix[pair_rows, pair_columns]).ravel() - 1
    return list(zip(units_a[pair_rows].tolist(), units_b[pair_columns].tolist(), pair_values.tolist(), strict=True))


def _many_coders(continuum: Continuum, parameters: GammaParameters) -> tuple[IntArray, FloatArray]:
    """Enumerate the candidates that can beat lone units, then choose exactly with an integer program."""
    candidates, pair_sums = _candidates(continuum, parameters)
    coders = len(continuum.coders)
    delta = parameters.delta_empty
    units_per_candidate = (candidates != EMPTY).sum(axis=1)
    disorders = np.array(
        [unitary_disorder(s, int(k), coders, delta) for s, k in zip(pair_sums, units_per_candidate, strict=True)],
        dtype=np.float64,
    )
    offsets = np.concatenate([[0], np.cumsum([len(units) for units in continuum.units])])
    covered = candidates != EMPTY
    which, coder = np.nonzero(covered)
    unit_rows = offsets[coder] + candidates[which, coder]
    total_units = int(offsets[-1])
    # Lone units: one candidate each, disorder Δ∅.
    lone = np.arange(total_units, dtype=np.int64)
    columns = np.concatenate([which, len(candidates) + lone])
    rows = np.concatenate([unit_rows, lone])
    costs = np.concatenate([disorders, np.full(total_units, delta * (1 + TIE))])
    cover = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(total_units, len(costs)))
    chosen = _exact_cover(costs, cover)
    multi = chosen[chosen < len(candidates)]
    singles = chosen[chosen >= len(candidates)] - len(candidates)
    single_coder = np.searchsorted(offsets, singles, side="right") - 1
    single_members = np.full((len(singles), coders), EMPTY, dtype=np.int64)
    single_members[np.arange(len(singles)), single_coder] = singles - offsets[single_coder]
    members = np.vstack([candidates[multi], single_members])
    return members, np.concatenate([disorders[multi], np.full(len(singles), delta)])


def _exact_cover(costs: FloatArray, cover: csr_matrix) -> IntArray:
    """The columns of least total cost that cover every row exactly once (an exact integer program).

    The linear relaxation is solved first: the problem splits into independent parts (units linked
    by candidates), and a part whose relaxed solution is already whole is solved. Only the parts
    left fractional go to HiGHS's branch and bound, with no optimality gap allowed.
    """
    rows = cover.shape[0]
    relaxed = linprog(costs, A_eq=cover, b_eq=np.ones(rows), bounds=(0, 1), method="highs")
    if relaxed.x is None:
        raise AnnotatorError(f"γ: the linear program found no alignment ({relaxed.message})")
    values = relaxed.x
    fractional = (values > WHOLE) & (values < 1 - WHOLE)
    if not fractional.any():
        return np.flatnonzero(values > 0.5)
    columns = cover.shape[1]
    graph = bmat([[None, cover], [cover.T, None]]).tocsr()
    _, labels = connected_components(graph, directed=False)
    column_labels = labels[rows:]
    hard = np.isin(column_labels, np.unique(column_labels[fractional]))
    hard_rows = np.isin(labels[:rows], np.unique(column_labels[fractional]))
    sub = cover[hard_rows][:, hard]
    solution = milp(
        costs[hard],
        constraints=LinearConstraint(sub, np.ones(sub.shape[0]), np.ones(sub.shape[0])),
        integrality=np.ones(int(hard.sum())),
        bounds=(0, 1),
        options={"mip_rel_gap": 0.0},  # exact: no stopping at a solution merely close to the best
    )
    if solution.x is None:
        raise AnnotatorError(f"γ: the integer program found no alignment ({solution.message})")
    chosen = np.zeros(columns, dtype=bool)
    chosen[~hard] = values[~hard] > 0.5
    chosen[np.flatnonzero(hard)[solution.x > 0.5]] = True
    return np.flatnonzero(chosen)


def _candidates(continuum: Continuum, parameters: GammaParameters) -> tuple[IntArray, FloatArray]:
    """Every unitary alignment of two or more units that no split of it beats.

    Returns the members (one row per candidate) and the sum of their real pairs' dissimilarities.
    Splitting a unitary alignment of k units into parts of s and r units lowers the disorder by
    (cross − (C + s·r)·Δ∅)/C, cross being the dissimilarities between the parts and C the coder
    pairs; a candidate strictly beaten by a split is never needed (the split's parts, or their own
    splits down to lone units, do better). Kept: those where no unit is beaten by leaving alone
    (its dissimilarities to the others add to at most (C + k − 1)·Δ∅) and which beat all lone
    units. Each pair is then within (C + coders − 1)·Δ∅, which bounds the search; a depth-first
    walk over the coders adds a unit only if it is near every unit already chosen.
    """
    coders = len(continuum.coders)
    delta = parameters.delta_empty
    pairs = comb(coders, 2)
    slack = 1 + 1e-9  # prune only what a split beats strictly, not by a rounding error

    def alone_bound(units: int) -> float:
        return (pairs + units - 1) * delta * slack

    def budget(units: int) -> float:
        # pair_sum + (C − C(k,2))·Δ∅ ≤ k·C·Δ∅  ⇔  pair_sum ≤ ((k−1)·C + C(k,2))·Δ∅
        return ((units - 1) * pairs + comb(units, 2)) * delta * slack

    near: dict[tuple[int, int], dict[int, dict[int, float]]] = {}
    for x in range(coders):
        for y in range(x + 1, coders):
            rows, columns, values = near_pairs(continuum.units[x], continuum.units[y], parameters, alone_bound(coders))
            table: dict[int, dict[int, float]] = {}
            for i, j, value in zip(rows.tolist(), columns.tolist(), values.tolist(), strict=True):
                table.setdefault(i, {})[j] = value
            near[(x, y)] = table
    found: list[list[int]] = []
    sums: list[float] = []
    chosen = [EMPTY] * coders

    def walk(coder: int, real: list[tuple[int, int]], member_sums: list[float]) -> None:
        if coder == coders:
            units = len(real)
            pair_sum = sum(member_sums) / 2
            if units >= 2 and pair_sum <= budget(units) and max(member_sums) <= alone_bound(units):
                found.append(list(chosen))
                sums.append(pair_sum)
                if len(found) > CANDIDATE_CAP:
                    raise AnnotatorError(
                        f"γ for {coders} coders needs more than {CANDIDATE_CAP:,} candidate alignments: "
                        "compare fewer coders or fewer documents at a time"
                    )
            return
        walk(coder + 1, real, member_sums)  # this coder left empty
        most_units = len(real) + coders - coder
        if real:
            first_coder, first_unit = real[0]
            options = near[(first_coder, coder)].get(first_unit, {})
        else:
            options = dict.fromkeys(range(len(continuum.units[coder])), 0.0)
        for unit, first_value in options.items():
            distances = [first_value]
            for other_coder, other_unit in real[1:]:
                value = near[(other_coder, coder)].get(other_unit, {}).get(unit)
                if value is None:
                    break
                distances.append(value)
            else:
                if not real:
                    distances = []
                grown = [total + d for total, d in zip(member_sums, distances, strict=True)] + [sum(distances)]
                if max(grown) > alone_bound(most_units) or sum(grown) / 2 > budget(most_units):
                    continue
                chosen[coder] = unit
                walk(coder + 1, [*real, (coder, unit)], grown)
                chosen[coder] = EMPTY

    walk(0, [], [])
    return np.array(found, dtype=np.int64).reshape(-1, coders), np.array(sums, dtype=np.float64)
