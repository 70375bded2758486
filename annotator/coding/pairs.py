"""Pairs of coders: who has coded most, and the pairs the agreement screen offers."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from annotator.storage import Project


def coder_ranking(project: Project, leave_out: Sequence[str] = ()) -> list[str]:
    """Coders with spans, the most spans first (ties by name), leaving out some names."""
    totals = {coder: project.span_count(coder) for coder in project.coders_with_spans()}
    return sorted((coder for coder in totals if coder not in leave_out), key=lambda coder: (-totals[coder], coder))


def coder_pairs(default: tuple[str, str] | None, coders: list[str]) -> list[tuple[str, str]]:
    """The default pair first, then every other pair of coders with spans."""
    pairs = [default] if default is not None else []
    pairs += [pair for pair in combinations(coders, 2) if default is None or set(pair) != set(default)]
    return pairs
