"""Mathet's γ (Mathet, Widlöcher & Métivier 2015): γ = 1 − observed / expected disorder, with γ-cat and γ-k.

The observed disorder is the best alignment's (gamma_alignment.py); the expected one is the mean
best-alignment disorder of random continua (gamma_sampling.py), drawn with a fixed default seed so
the same project gives the same figure. γ-cat and γ-k (Mathet 2017) weigh the categorical
dissimilarity of aligned units by how well they are placed, as pygamma-agreement computes them.
See docs/agreement.md, "Mathet's γ".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotator.agreement.gamma_alignment import EMPTY, Alignment, best_alignment
from annotator.agreement.gamma_dissimilarity import Continuum, FloatArray, GammaParameters
from annotator.agreement.gamma_options import DEFAULT_SAMPLES as DEFAULT_SAMPLES
from annotator.agreement.gamma_options import DEFAULT_SEED as DEFAULT_SEED
from annotator.agreement.gamma_sampling import SAMPLERS
from annotator.agreement.report_model import Figure, GammaFigures
from annotator.domain.errors import AnnotatorError

MOST_SAMPLES = 1000
"""Most random continua a precision level may ask for."""

CONFIDENCE = 1.96
"""z for the 95% interval of the expected disorder's mean, and for the precision rule (Mathet et al. §5.3)."""


@dataclass(frozen=True)
class GammaResult:
    """γ with what it was computed from; `interval` is the 95% range the sampling leaves γ in."""

    gamma: float
    interval: tuple[float, float] | None
    observed_disorder: float
    expected_disorder: float
    gamma_cat: float | None
    gamma_k: dict[str, float | None]
    samples: int
    sampler: str
    seed: int
    parameters: GammaParameters
    unitary_alignments: int
    coders: tuple[str, ...] = field(default=())
    # Codes some compared coder never used: their γ-k is left undefined with this reason (a
    # figure there would measure one side's coding, not agreement; pygamma reports 1).
    unused: dict[str, str] = field(default_factory=dict)

    def figures(self) -> GammaFigures:
        """γ as the agreement report holds it (report_model.GammaFigures)."""
        return GammaFigures(
            gamma=Figure(self.gamma, interval=self.interval),
            gamma_cat=_figure(self.gamma_cat),
            gamma_k={
                code: Figure(None, self.unused[code]) if code in self.unused else _figure(value)
                for code, value in self.gamma_k.items()
            },
            observed_disorder=self.observed_disorder,
            expected_disorder=self.expected_disorder,
            samples=self.samples,
            sampler=self.sampler,
            seed=self.seed,
            alpha=self.parameters.alpha,
            beta=self.parameters.beta,
            delta_empty=self.parameters.delta_empty,
            unitary_alignments=self.unitary_alignments,
            coders=self.coders,
        )

    def as_json(self) -> dict[str, Any]:
        """The result as JSON-ready values (the report's `gamma` key)."""
        return self.figures().as_json()


NO_CHANCE_DISORDER = "the random continua hold no categorical disorder for this code, so γ-k is 0/0"


def _figure(value: float | None) -> Figure:
    """A γ-cat or γ-k value as a Figure, with why it is undefined."""
    return Figure(value) if value is not None else Figure(None, NO_CHANCE_DISORDER)


def compute_gamma(
    continuum: Continuum,
    parameters: GammaParameters | None = None,
    *,
    samples: int = DEFAULT_SAMPLES,
    precision: float | None = None,
    sampler: str = "statistical",
    seed: int = DEFAULT_SEED,
) -> GammaResult:
    """γ, its sampling interval, γ-cat and γ-k of every code, for a continuum of two or more coders.

    `precision` (e.g. 0.02 for 2%) draws more samples when the first `samples` vary too much,
    by Mathet et al.'s rule n ≥ (z·cv / precision)², at most MOST_SAMPLES.
    """
    parameters = parameters or GammaParameters()
    if sampler not in SAMPLERS:
        raise AnnotatorError(f"γ: no sampler {sampler!r} (choose from {', '.join(SAMPLERS)})")
    if samples < 1:
        raise AnnotatorError("γ needs at least one sample")
    if precision is not None and not 0 < precision < 1:
        raise AnnotatorError("γ: the precision is a fraction between 0 and 1 (e.g. 0.02)")
    best = best_alignment(continuum, parameters)
    draw = SAMPLERS[sampler](continuum)
    random = np.random.default_rng(seed)
    chance = [_chance_alignment(draw(random), parameters) for _ in range(samples)]
    if precision is not None:
        disorders = np.array([alignment.disorder for _, alignment in chance])
        variation = float(disorders.std() / disorders.mean()) if disorders.mean() > 0 else 0.0
        wanted = min(MOST_SAMPLES, math.ceil((variation * CONFIDENCE / precision) ** 2))
        chance += [_chance_alignment(draw(random), parameters) for _ in range(wanted - len(chance))]
    expected_disorders = np.array([alignment.disorder for _, alignment in chance])
    expected = float(expected_disorders.mean())
    observed = best.disorder
    return GammaResult(
        gamma=_one_minus_ratio(observed, expected),
        interval=_interval(observed, expected_disorders),
        observed_disorder=observed,
        expected_disorder=expected,
        gamma_cat=_gamma_k(continuum, best, chance, parameters, None),
        gamma_k={
            name: _gamma_k(continuum, best, chance, parameters, code) for code, name in enumerate(continuum.codes)
        },
        samples=len(chance),
        sampler=sampler,
        seed=seed,
        parameters=parameters,
        unitary_alignments=len(best),
        coders=continuum.coders,
        unused=_unused_codes(continuum),
    )


def _unused_codes(continuum: Continuum) -> dict[str, str]:
    """Each code some coder has no unit of, with the reason its γ-k is not read."""
    unused = {}
    for index, name in enumerate(continuum.codes):
        missing = [
            coder for coder, units in zip(continuum.coders, continuum.units, strict=True) if index not in units.codes
        ]
        if missing:
            unused[name] = f"{missing[0]} never used this code: a γ-k would measure one side's coding, not agreement"
    return unused


def _chance_alignment(sample: Continuum, parameters: GammaParameters) -> tuple[Continuum, Alignment]:
    """A random continuum with its best alignment."""
    return sample, best_alignment(sample, parameters)


def _one_minus_ratio(observed: float, expected: float) -> float:
    """γ = 1 − observed/expected; 1 when nothing is in disorder (pygamma's convention)."""
    if observed == 0:
        return 1.0
    return 1.0 - observed / expected


def _interval(observed: float, expected_disorders: FloatArray) -> tuple[float, float] | None:
    """The γ range from the 95% interval of the expected disorder's mean; None from fewer than two samples."""
    if len(expected_disorders) < 2 or observed == 0:
        return None
    mean = float(expected_disorders.mean())
    margin = CONFIDENCE * float(expected_disorders.std(ddof=1)) / math.sqrt(len(expected_disorders))
    if mean - margin <= 0:
        return None
    return (1.0 - observed / (mean - margin), 1.0 - observed / (mean + margin))


def _gamma_k(
    continuum: Continuum,
    best: Alignment,
    chance: list[tuple[Continuum, Alignment]],
    parameters: GammaParameters,
    code: int | None,
) -> float | None:
    """γ-cat (code None) or γ-k for one code; None where the expected disorder is 0 (undefined)."""
    observed = categorical_disorder(continuum, best, parameters, code)
    if observed == 0:
        return 1.0
    expected = float(np.mean([categorical_disorder(sample, a, parameters, code) for sample, a in chance]))
    if expected == 0:
        return 0.0 if code is None else None  # γ-cat: pygamma's convention; γ-k: no figure
    return 1.0 - observed / expected


def categorical_disorder(
    continuum: Continuum, alignment: Alignment, parameters: GammaParameters, code: int | None
) -> float:
    """The γ-cat (code None) or γ-k disorder of an alignment, as pygamma's `gamma_k_disorder`.

    Each pair of aligned units adds its categorical dissimilarity weighted by 1/(n_v − 1) (n_v: the
    units in its unitary alignment) and by max(0, 1 − α·d_pos); a unit left without a partner adds
    Δ∅² for a weight of Δ∅ (pygamma's handling). γ-k keeps the pairs where either unit has code k.
    """
    members = alignment.members
    delta = parameters.delta_empty
    real_count = (members != EMPTY).sum(axis=1)
    base = np.where(real_count >= 2, 1.0 / np.maximum(real_count - 1, 1), 0.0)
    disorder = weight = 0.0
    seen_any = seen_pair = False
    coders = len(continuum.coders)
    for x in range(coders):
        for y in range(x + 1, coders):
            u, v = members[:, x], members[:, y]
            units_x, units_y = continuum.units[x], continuum.units[y]
            code_u = np.where(u != EMPTY, units_x.codes[np.maximum(u, 0)] if len(units_x) else -1, -1)
            code_v = np.where(v != EMPTY, units_y.codes[np.maximum(v, 0)] if len(units_y) else -1, -1)
            counted = np.ones(len(u), dtype=bool) if code is None else (code_u == code) | (code_v == code)
            seen_any = seen_any or bool(counted.any())
            lone = counted & ((u == EMPTY) != (v == EMPTY))
            disorder += float(lone.sum()) * delta * delta
            weight += float(lone.sum()) * delta
            both = counted & (u != EMPTY) & (v != EMPTY)
            if not both.any():
                continue
            seen_pair = True
            i, j = u[both], v[both]
            ratio = (np.abs(units_x.starts[i] - units_y.starts[j]) + np.abs(units_x.ends[i] - units_y.ends[j])) / (
                units_x.lengths[i] + units_y.lengths[j]
            )
            confidence = np.maximum(0.0, 1.0 - parameters.alpha * ratio * ratio * delta)
            categorical = (units_x.codes[i] != units_y.codes[j]).astype(np.float64) * delta
            pair_weight = base[both] * confidence
            disorder += float((categorical * pair_weight).sum())
            weight += float(pair_weight.sum())
    if not seen_pair:
        return 0.0 if seen_any else 1.0
    return 0.0 if disorder == 0 else disorder / weight
