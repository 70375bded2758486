"""Stepping through a testimony's unreviewed pseudonym candidates, and what a decision key means."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.pseudonyms import Candidate

# A decision dialog's keys: the kind a candidate is accepted as, or what else is done with it.
ACCEPT_KINDS = {"p": "person", "l": "place", "o": "organisation", "d": "date", "i": "id", "a": "other"}


@dataclass(frozen=True)
class Decision:
    """What the reviewer chose: `accept` (with a kind), `variant` (of the suggested entry), `reject` or `skip`."""

    decision: str
    kind: str | None = None


def suggested_entry(candidate: Candidate) -> int | None:
    """The register entry a close spelling was found near (source `fuzzy:ENTRY`), else None."""
    if candidate.source.startswith("fuzzy:"):
        return int(candidate.source.removeprefix("fuzzy:"))
    return None


def describe(candidate: Candidate, number: int, count: int) -> str:
    """How the screen names a candidate: its place in the list and what found it (never its words)."""
    found_by = f"close to register entry {entry}" if (entry := suggested_entry(candidate)) else candidate.source
    return f"candidate {number} of {count} ({found_by})"


def next_candidate(candidates: Sequence[Candidate], selection: tuple[int, int], direction: int) -> int | None:
    """The index of the candidate after (1) or before (-1) the selection in text order, wrapping around."""
    if not candidates:
        return None
    places = [(candidate.start, candidate.end) for candidate in candidates]
    if direction > 0:
        return next((n for n, place in enumerate(places) if place > selection), 0)
    return next((n for n in reversed(range(len(places))) if places[n] < selection), len(places) - 1)
