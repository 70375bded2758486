"""An agreement figure: a value, or no value and the reason it is undefined or does not apply."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Estimate:
    """A statistic's value, or `None` with a reason (undefined, or not applicable); never a silent 0 or 1."""

    value: float | None
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.value is None and not self.reason:
            raise ValueError("an undefined estimate needs a reason")
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError(f"an estimate must be finite, got {self.value!r}")

    @property
    def defined(self) -> bool:
        """True when the statistic has a value."""
        return self.value is not None


def undefined(reason: str) -> Estimate:
    """An estimate with no value, saying why."""
    return Estimate(None, reason)


def ratio(numerator: float, denominator: float, reason: str) -> Estimate:
    """`numerator / denominator`, or undefined with `reason` when the denominator is zero."""
    if denominator == 0:
        return undefined(reason)
    return Estimate(numerator / denominator)


def chance_corrected(observed: float, expected: float, what: str) -> Estimate:
    """`(observed − expected) / (1 − expected)`, undefined when expected agreement is 1."""
    if expected >= 1.0 - 1e-15:
        return undefined(f"{what}: expected agreement is 1 (every value is the same category), so 1 − p_e = 0")
    return Estimate((observed - expected) / (1.0 - expected))
