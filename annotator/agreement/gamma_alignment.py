"""Mathet's γ, part 2: the best (least disordered) alignment of a continuum, found exactly.

A unitary alignment takes at most one unit of each coder; its disorder is the mean over all
coder pairs of d(u, v), a pair where either side is empty costing Δ∅ (an empty-empty pair too,
as in pygamma and Mathet's software). So a lone unit costs exactly Δ∅, and a unitary alignment
of k units is worth choosing only if it costs at most k·Δ∅: every other one is pruned.

Two coders: a minimum-cost assignment where each unit may stay alone (cost Δ∅), solved with
`scipy.optimize.linear_sum_assignment` per independent block (only pairs with d < 2Δ∅ can beat two
lone units, so blocks are the connected parts of that graph). Three or more coders: an integer
program over the pruned candidates (each unit covered exactly once), solved by HiGHS through
`scipy.optimize.milp`, refused beyond `CANDIDATE_CAP` candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from scipy.optimize import LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

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

EMPTY = -1
"""The unit index that stands for "no unit of this coder" in a unitary alignment."""

UNREACHABLE = 1e12
"""An assignment cost no optimal assignment uses (a pair too far apart to be aligned)."""

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
    pairs: list[tuple[int, int, float]] = []
    # A block of one unit on each side (most blocks) is one pair: d ≤ 2Δ∅ is no worse than two lone units.
    simple = (in_a == 1) & (in_b == 1)
    edge_blocks = labels[rows]
    for row, column, value in zip(
        rows[simple[edge_blocks]], columns[simple[edge_blocks]], values[simple[edge_blocks]], strict=True
    ):
        pairs.append((int(row), int(column), float(value)))
    hard = np.flatnonzero((in_a + in_b > 2) & (in_a > 0) & (in_b > 0))
    if len(hard):
        pairs.extend(_assign_blocks(labels, hard, size_a, rows, columns, values, delta))
    paired_a = np.zeros(size_a, dtype=bool)
    paired_b = np.zeros(size_b, dtype=bool)
    members: list[tuple[int, int]] = []
    disorders: list[float] = []
    for row, column, value in pairs:
        paired_a[row] = paired_b[column] = True
        members.append((row, column))
        disorders.append(value)
    members += [(int(i), EMPTY) for i in np.flatnonzero(~paired_a)]
    members += [(EMPTY, int(j)) for j in np.flatnonzero(~paired_b)]
    disorders += [delta] * (len(members) - len(disorders))
    return np.array(members, dtype=np.int64).reshape(-1, 2), np.array(disorders, dtype=np.float64)


def _assign_blocks(
    labels: IntArray,
    blocks: IntArray,
    size_a: int,
    rows: IntArray,
    columns: IntArray,
    values: FloatArray,
    delta: float,
) -> list[tuple[int, int, float]]:
    """Solve each larger block as an assignment on the matrix [[D, Δ∅·I], [Δ∅·I, 0]]."""
    wanted = np.zeros(labels.max() + 1, dtype=bool)
    wanted[blocks] = True
    edge_block = labels[rows]
    edges = np.flatnonzero(wanted[edge_block])
    edges = edges[np.argsort(edge_block[edges], kind="stable")]
    edge_starts = np.searchsorted(edge_block[edges], blocks, side="left")
    edge_ends = np.searchsorted(edge_block[edges], blocks, side="right")
    nodes = np.flatnonzero(wanted[labels])
    nodes = nodes[np.argsort(labels[nodes], kind="stable")]
    node_starts = np.searchsorted(labels[nodes], blocks, side="left")
    node_ends = np.searchsorted(labels[nodes], blocks, side="right")
    pairs: list[tuple[int, int, float]] = []
    for k in range(len(blocks)):
        block_nodes = nodes[node_starts[k] : node_ends[k]]
        units_a = block_nodes[block_nodes < size_a]
        units_b = block_nodes[block_nodes >= size_a] - size_a
        p, q = len(units_a), len(units_b)
        where_a = {int(u): i for i, u in enumerate(units_a)}
        where_b = {int(u): j for j, u in enumerate(units_b)}
        cost = np.full((p + q, q + p), UNREACHABLE)
        block_edges = edges[edge_starts[k] : edge_ends[k]]
        local_rows = np.array([where_a[int(r)] for r in rows[block_edges]], dtype=np.int64)
        local_columns = np.array([where_b[int(c)] for c in columns[block_edges]], dtype=np.int64)
        cost[local_rows, local_columns] = values[block_edges]
        cost[np.arange(p), q + np.arange(p)] = delta * (1 + TIE)
        cost[p + np.arange(q), np.arange(q)] = delta * (1 + TIE)
        cost[p:, q:] = 0.0
        chosen_rows, chosen_columns = linear_sum_assignment(cost)
        for i, j in zip(chosen_rows, chosen_columns, strict=True):
            if i < p and j < q:
                pairs.append((int(units_a[i]), int(units_b[j]), float(cost[i, j])))
    return pairs


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
    solution = milp(
        costs,
        constraints=LinearConstraint(cover, np.ones(total_units), np.ones(total_units)),
        integrality=np.ones(len(costs)),
        bounds=(0, 1),
        options={"mip_rel_gap": 0.0},  # exact: no stopping at a solution merely close to the best
    )
    if solution.x is None:
        raise AnnotatorError(f"γ: the integer program found no alignment ({solution.message})")
    chosen = np.flatnonzero(solution.x > 0.5)
    multi = chosen[chosen < len(candidates)]
    singles = chosen[chosen >= len(candidates)] - len(candidates)
    single_coder = np.searchsorted(offsets, singles, side="right") - 1
    single_members = np.full((len(singles), coders), EMPTY, dtype=np.int64)
    single_members[np.arange(len(singles)), single_coder] = singles - offsets[single_coder]
    members = np.vstack([candidates[multi], single_members])
    return members, np.concatenate([disorders[multi], np.full(len(singles), delta)])


def _candidates(continuum: Continuum, parameters: GammaParameters) -> tuple[IntArray, FloatArray]:
    """Every unitary alignment of two or more units that costs at most as many lone units.

    Returns the members (one row per candidate) and the sum of their real pairs' dissimilarities.
    A depth-first walk over the coders in order adds a unit only if it is near every unit already
    chosen, and stops as soon as even the best completion could not pay off.
    """
    coders = len(continuum.coders)
    delta = parameters.delta_empty
    pairs = comb(coders, 2)

    def budget(units: int) -> float:
        # pair_sum + (pairs − C(k,2))·Δ∅ ≤ k·pairs·Δ∅  ⇔  pair_sum ≤ ((k−1)·pairs + C(k,2))·Δ∅
        return ((units - 1) * pairs + comb(units, 2)) * delta

    widest = budget(coders) * (1 + 1e-9)
    near: dict[tuple[int, int], dict[int, dict[int, float]]] = {}
    for x in range(coders):
        for y in range(x + 1, coders):
            rows, columns, values = near_pairs(continuum.units[x], continuum.units[y], parameters, widest)
            table: dict[int, dict[int, float]] = {}
            for i, j, value in zip(rows.tolist(), columns.tolist(), values.tolist(), strict=True):
                table.setdefault(i, {})[j] = value
            near[(x, y)] = table
    found: list[list[int]] = []
    sums: list[float] = []
    chosen = [EMPTY] * coders

    def walk(coder: int, real: list[tuple[int, int]], pair_sum: float) -> None:
        if coder == coders:
            if len(real) >= 2 and pair_sum <= budget(len(real)) * (1 + 1e-9):
                found.append(list(chosen))
                sums.append(pair_sum)
                if len(found) > CANDIDATE_CAP:
                    raise AnnotatorError(
                        f"γ for {coders} coders needs more than {CANDIDATE_CAP:,} candidate alignments: "
                        "compare fewer coders or fewer documents at a time"
                    )
            return
        best_units = len(real) + coders - coder
        if best_units >= 2 and pair_sum > budget(best_units) * (1 + 1e-9):
            return
        walk(coder + 1, real, pair_sum)  # this coder left empty
        if real:
            first_coder, first_unit = real[0]
            options = near[(first_coder, coder)].get(first_unit, {})
        else:
            options = dict.fromkeys(range(len(continuum.units[coder])), 0.0)
        for unit, first_value in options.items():
            added = 0.0
            for index, (other_coder, other_unit) in enumerate(real):
                value = first_value if index == 0 else near[(other_coder, coder)].get(other_unit, {}).get(unit)
                if value is None:
                    break
                added += value
            else:
                chosen[coder] = unit
                walk(coder + 1, [*real, (coder, unit)], pair_sum + added)
                chosen[coder] = EMPTY

    walk(0, [], 0.0)
    return np.array(found, dtype=np.int64).reshape(-1, coders), np.array(sums, dtype=np.float64)
