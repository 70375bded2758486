"""Word, sentence and paragraph steps over a testimony, from the domain's text cuts."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from annotator.domain.segments import paragraph_bounds, sentence_bounds, token_bounds, word_bounds

Bounds = list[tuple[int, int]]
UNITS = ("word", "sentence", "paragraph")
# Tokens (words and each punctuation mark) are where span boundaries stop; no key selects one.
_ALL_UNITS = (*UNITS, "token")


class TextUnits:
    """A text's words, sentences and paragraphs, cut on first use (a long text pays only for what is used)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._edges: dict[str, tuple[list[int], list[int]]] = {}

    @cached_property
    def word(self) -> Bounds:
        """Word ranges."""
        return word_bounds(self.text)

    @cached_property
    def token(self) -> Bounds:
        """Word and punctuation mark ranges."""
        return token_bounds(self.text)

    @cached_property
    def sentence(self) -> Bounds:
        """Sentence ranges."""
        return sentence_bounds(self.text)

    @cached_property
    def paragraph(self) -> Bounds:
        """Paragraph ranges."""
        return paragraph_bounds(self.text)

    def bounds(self, unit: str) -> Bounds:
        """The ranges of one unit: 'word', 'sentence', 'paragraph' or 'token'."""
        if unit not in _ALL_UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        ranges: Bounds = getattr(self, unit)
        return ranges

    def _ends(self, unit: str) -> list[int]:
        return self._cached_edges(unit)[1]

    def _starts(self, unit: str) -> list[int]:
        return self._cached_edges(unit)[0]

    def _cached_edges(self, unit: str) -> tuple[list[int], list[int]]:
        if unit not in self._edges:
            bounds = self.bounds(unit)
            self._edges[unit] = ([start for start, _ in bounds], [end for _, end in bounds])
        return self._edges[unit]

    def next_end(self, unit: str, offset: int) -> int:
        """The end of the first unit ending after `offset` (the text's end when there is none)."""
        ends = self._ends(unit)
        index = bisect_right(ends, offset)
        return ends[index] if index < len(ends) else len(self.text)

    def previous_start(self, unit: str, offset: int) -> int:
        """The start of the last unit starting before `offset` (0 when there is none)."""
        starts = self._starts(unit)
        index = bisect_left(starts, offset) - 1
        return starts[index] if index >= 0 else 0

    def next_start(self, unit: str, offset: int) -> int | None:
        """The start of the first unit starting after `offset`, if any."""
        starts = self._starts(unit)
        index = bisect_right(starts, offset)
        return starts[index] if index < len(starts) else None

    def previous_end(self, unit: str, offset: int) -> int | None:
        """The end of the last unit ending before `offset`, if any."""
        ends = self._ends(unit)
        index = bisect_left(ends, offset) - 1
        return ends[index] if index >= 0 else None

    def around(self, unit: str, offset: int) -> tuple[int, int] | None:
        """The unit holding `offset`, else the one ending right there, else the next, else the last;
        None for a text without any."""
        bounds = self.bounds(unit)
        if not bounds:
            return None
        index = bisect_right(self._starts(unit), offset) - 1
        if index >= 0 and offset <= bounds[index][1]:
            return bounds[index]
        if index + 1 < len(bounds):
            return bounds[index + 1]
        return bounds[-1]

    def covering(self, unit: str, start: int, end: int) -> tuple[int, int] | None:
        """The whole units a selection `[start, end)` touches, from the one holding its start to the
        one holding its last character, never less than the selection (None for a text without any)."""
        first = self.around(unit, start)
        last = self.around(unit, max(start, end - 1))
        if first is None or last is None:
            return None
        return min(first[0], start), max(last[1], end)

    def extend(self, unit: str, start: int, end: int) -> tuple[int, int] | None:
        """A selection `[start, end)` grown to take in the next unit after `end` (None when none is left)."""
        ends = self._ends(unit)
        index = bisect_right(ends, end)
        if index >= len(ends):
            return None
        return start, ends[index]
