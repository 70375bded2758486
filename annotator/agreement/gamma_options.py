"""How Mathet's γ is asked for (samples, sampler, seed, α, β, Δ∅): read by the CLI and the screen
without loading numpy and SciPy, which only the γ modules themselves import."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SEED = 4772
"""The seed of the random continua unless one is given (pygamma's own tests use it too)."""

DEFAULT_SAMPLES = 30
"""Random continua drawn for the expected disorder unless told otherwise (as pygamma)."""

SAMPLER_NAMES = ("statistical", "shuffle")
"""The samplers of random continua (gamma_sampling.SAMPLERS), the default first."""


@dataclass(frozen=True)
class GammaOptions:
    """γ's random continua (how many, drawn how, from which seed) and its weights α, β and Δ∅."""

    samples: int = DEFAULT_SAMPLES
    sampler: str = SAMPLER_NAMES[0]
    seed: int = DEFAULT_SEED
    alpha: float = 1.0
    beta: float = 1.0
    delta_empty: float = 1.0
