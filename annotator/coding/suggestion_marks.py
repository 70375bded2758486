"""The open testimony's code suggestions as the coding screen shows them: text order, stepping, the one
under the cursor, and the rows each marks (headless: the screen only draws what this says)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from math import inf

from annotator.coding.offsets import LineOffsets
from annotator.domain.suggestions import Suggestion

SuggestionKey = tuple[float, float, float, str]

# One suggestion's stretch on one row: (start column, end column, code id).
RowMark = tuple[int, int, str]


def text_order(suggestion: Suggestion) -> SuggestionKey:
    """Start, end, then the higher score first: a suggestion's place in text order."""
    return (suggestion.start, suggestion.end, -suggestion.score, suggestion.id)


class SuggestionMarks:
    """One testimony's suggestions for one coder, sorted in text order, with the rows each covers.

    Built when the worker's suggestions arrive (thousands at most: one per unit and code); accepting or
    rejecting one takes it out at once (`drop`), before the worker's next list replaces them all.
    """

    def __init__(self, document_id: str, suggestions: Iterable[Suggestion], lines: LineOffsets) -> None:
        self.document_id = document_id
        self.lines = lines
        self.items: list[Suggestion] = sorted((s for s in suggestions if s.document_id == document_id), key=text_order)
        self._keys = [text_order(s) for s in self.items]
        self.current: str | None = None  # the suggestion stepped to last (two codes may share one stretch)
        self._by_row: dict[int, list[RowMark]] = {}
        for suggestion in self.items:
            self._mark(suggestion, set(self.rows_of(suggestion)))
        # The longest suggestion bounds how far back one under the cursor can start.
        self._longest = max((s.end - s.start for s in self.items), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def _mark(self, suggestion: Suggestion, rows: set[int]) -> None:
        for row in rows.intersection(self.rows_of(suggestion)):
            line_start, line_end = self.lines.line_span(row)
            start, end = max(suggestion.start, line_start), min(suggestion.end, line_end)
            if end > start:
                self._by_row.setdefault(row, []).append((start - line_start, end - line_start, suggestion.code_id))

    def rows_of(self, suggestion: Suggestion) -> range:
        """The text rows a suggestion covers."""
        first = self.lines.row_of(suggestion.start)
        last = self.lines.row_of(max(suggestion.start, suggestion.end - 1))
        return range(first, last + 1)

    def on_row(self, row: int) -> list[RowMark]:
        """The suggestions' stretches on a text row, in text order: what the transcript draws there."""
        return self._by_row.get(row, [])

    def get(self, suggestion_id: str) -> Suggestion | None:
        """A suggestion on show by id (None once accepted, rejected or replaced)."""
        return next((s for s in self.items if s.id == suggestion_id), None)

    def target(self, start: int, end: int) -> Suggestion | None:
        """What accept and reject act on: the suggestion stepped to while the selection is still its stretch,
        else one the selection matches exactly (the highest score), else the best one under the cursor."""
        current = self.get(self.current) if self.current is not None else None
        if current is not None and (current.start, current.end) == (start, end):
            return current
        index = bisect_left(self._keys, (start, end, -inf, ""))
        if index < len(self.items) and (self.items[index].start, self.items[index].end) == (start, end):
            return self.items[index]
        bound = bisect_right(self._keys, (end, inf, inf, "\U0010ffff"))
        first = bisect_left(self._keys, (end - self._longest, -inf, -inf, ""))
        under = [s for s in self.items[first:bound] if s.start <= end < s.end]
        return max(under, key=lambda s: (s.score, s.start - s.end), default=None)

    def step(self, start: int, end: int, direction: int) -> Suggestion | None:
        """Step to the suggestion after (1) or before (-1) the selection `[start, end)` in text order (it becomes
        the current one), None at the ends. Two codes suggested for one stretch are two stops, higher score first."""
        current = self.target(start, end) if end > start else None
        if current is not None and (current.start, current.end) == (start, end):
            index = self._keys.index(text_order(current)) + direction
        elif direction > 0:
            index = bisect_right(self._keys, (start, end, inf, "\U0010ffff"))
        else:
            index = bisect_left(self._keys, (start, end, -inf, "")) - 1
        found = self.items[index] if 0 <= index < len(self.items) else None
        if found is not None:
            self.current = found.id
        return found

    def drop(self, suggestion_id: str) -> set[int]:
        """Take a suggestion off the screen (accepted or rejected); the rows to redraw."""
        suggestion = self.get(suggestion_id)
        if suggestion is None:
            return set()
        index = self._keys.index(text_order(suggestion))
        del self.items[index], self._keys[index]
        rows = set(self.rows_of(suggestion))
        for row in rows:
            self._by_row.pop(row, None)
        for other in self.items:  # the others on those rows are marked again (few: a unit's codes)
            if rows.intersection(self.rows_of(other)):
                self._mark(other, rows)
        return rows

    def rows(self) -> set[int]:
        """Every row with a suggestion (what switching them off or replacing them redraws)."""
        return set(self._by_row)


def no_suggestions() -> SuggestionMarks:
    """No suggestions (switched off, or none arrived yet)."""
    return SuggestionMarks("", [], LineOffsets(""))
