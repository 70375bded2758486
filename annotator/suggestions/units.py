"""The units suggestions are made for: sentences, paragraphs or speaker turns, cut as agreement cuts them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence

from annotator.domain.errors import InputError
from annotator.domain.segments import paragraph_bounds, sentence_bounds

UNITS = ("sentence", "paragraph", "turn")
DEFAULT_UNIT = "paragraph"

Bounds = tuple[int, int]


def check_unit(unit: str) -> str:
    """The unit, or InputError naming the ones there are."""
    if unit not in UNITS:
        raise InputError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
    return unit


def unit_bounds(text: str, unit: str, turns: Sequence[Bounds] = ()) -> list[Bounds]:
    """The `[start, end)` of each unit of a text; a document without speaker turns has no turn units."""
    if unit == "turn":
        return sorted((start, end) for start, end in turns if end > start)
    return sentence_bounds(text) if check_unit(unit) == "sentence" else paragraph_bounds(text)


def units_of(texts: Mapping[str, str], unit: str, turns: Mapping[str, Sequence[Bounds]]) -> dict[str, list[Bounds]]:
    """Each document's units, by document id."""
    return {doc: unit_bounds(text, unit, turns.get(doc, ())) for doc, text in texts.items()}


def covered(units: Sequence[Bounds], spans: Sequence[Bounds]) -> list[bool]:
    """For each unit (in text order), whether a span overlaps it (as agreement counts a unit coded);
    found by bisecting the units' bounds, as agreement/units.py does, not by comparing every pair."""
    starts = [start for start, _ in units]
    ends = [end for _, end in units]
    found = [False] * len(units)
    for span_start, span_end in spans:
        for index in range(bisect_right(ends, span_start), bisect_left(starts, span_end)):
            found[index] = True
    return found
