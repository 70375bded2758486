"""When a code's figures cannot be read as agreement: one coder never used it, or it is too rare (the kappa paradox).

The rule, as docs/agreement.md ("Degenerate codes") states it, on the documents the figures
compare (those counting for at least two compared coders):

- *unused by a coder*: a compared coder has no span of the code in any compared document that
  counts for them;
- *rare*: the code's prevalence — the share of "coded" among the pairable values, every compared
  coder pooled — or its complement is below `RARE_PREVALENCE` (5%): expected agreement is then
  above 0.90, so κ, π and α swing with a few units while percent agreement and AC1 stay near 1
  whatever the coders did (Feinstein & Cicchetti 1990; Byrt, Bishop & Carlin 1993).
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.agreement.coefficients import TableSummary
from annotator.agreement.report_model import RowWarning
from annotator.agreement.spans import PreparedSpans

RARE_PREVALENCE = 0.05
"""Below this share of coded (or of uncoded) pairable values a code is rare."""

CODED = 1
"""The value of a coded unit in a code's unit table (0: not coded)."""


def prevalence(summary: TableSummary) -> float | None:
    """The share of pairable values that are coded (Krippendorff's coincidence marginal n_1 / n); None without any."""
    total = sum(summary.coincidences.values())
    if not total:
        return None
    coded = sum(count for (first, _), count in summary.coincidences.items() if first == CODED)
    return coded / total


def never_used_by(prepared: PreparedSpans, code: str, documents: Iterable[str]) -> list[str]:
    """The compared coders with no segment of `code` in those of `documents` that count for them."""
    coded = prepared.segments.get(code, {})
    users = 0
    for doc in documents:
        for index, segments in enumerate(coded.get(doc, ())):
            if segments and prepared.present[doc] >> index & 1:
                users |= 1 << index
    return [coder for index, coder in enumerate(prepared.coders) if not users >> index & 1]


def warning(prepared: PreparedSpans, code: str, documents: Iterable[str], share: float | None) -> RowWarning | None:
    """Why the code's figures over `documents` cannot be read as agreement, or None when they can."""
    absent = never_used_by(prepared, code, documents)
    if absent:
        who = " and ".join(absent)
        return RowWarning(
            "unused by a coder",
            f"{who} never used this code in the compared documents: its figures measure one side's coding,"
            " not agreement",
        )
    if share is not None and min(share, 1 - share) < RARE_PREVALENCE:
        side = "coded" if share < 0.5 else "left uncoded"
        return RowWarning(
            "rare",
            f"rare: {min(share, 1 - share):.1%} of the compared values are {side} (under {RARE_PREVALENCE:.0%}),"
            " so kappa, pi and alpha swing with a few units while percent agreement and AC1 stay near 1"
            " (the kappa paradox)",
        )
    return None
