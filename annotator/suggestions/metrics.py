"""Precision, recall, F1 and Krippendorff's α of proposed against coded (unit, code) pairs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.agreement.coefficients import krippendorff_alpha, summarise
from annotator.agreement.unit_table import Row, UnitTable


@dataclass
class Tally:
    """Counts of (proposed, coded) over units: (True, True) is a hit, (True, False) a false alarm, (False, True) a miss."""

    pairs: Counter[tuple[bool, bool]] = field(default_factory=Counter)

    def add(self, proposed: Sequence[bool], coded: Sequence[bool]) -> None:
        """Count one value pair per unit."""
        self.pairs.update(zip(proposed, coded))

    def figures(self) -> dict[str, Any]:
        """precision, recall, f1 (None when undefined: nothing proposed, nothing coded), alpha and support."""
        hits, alarms, misses = self.pairs[True, True], self.pairs[True, False], self.pairs[False, True]
        return {
            "precision": _ratio(hits, hits + alarms),
            "recall": _ratio(hits, hits + misses),
            "f1": _ratio(2 * hits, 2 * hits + alarms + misses),
            "alpha": alpha(self.pairs),
            "support": hits + misses,
            "proposed": hits + alarms,
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def alpha(pairs: Counter[tuple[bool, bool]]) -> float | None:
    """Krippendorff's α (nominal) between the suggester and the coder over the counted units (the agreement package's)."""
    rows: dict[Row, float] = {
        (int(proposed), int(coded)): float(count) for (proposed, coded), count in pairs.items() if count
    }
    if not rows:
        return None
    estimate = krippendorff_alpha(summarise(UnitTable(("suggester", "coder"), rows, categories=(0, 1))))
    return None if estimate.value is None else round(estimate.value, 4)


def summary(per_code: dict[str, Tally]) -> dict[str, Any]:
    """Micro figures over every (unit, code) pair, macro F1 over the codes the coder used, and per code."""
    pooled = Tally()
    for tally in per_code.values():
        pooled.pairs.update(tally.pairs)
    micro = pooled.figures()
    codes = {code_id: tally.figures() for code_id, tally in per_code.items()}
    used = [figures["f1"] or 0.0 for figures in codes.values() if figures["support"]]
    return {
        "precision": micro["precision"],
        "recall": micro["recall"],
        "f1": micro["f1"],
        "macro_f1": round(sum(used) / len(used), 4) if used else None,
        "alpha": micro["alpha"],
        "per_code": codes,
    }
