"""The spans shown on one testimony, indexed by line (for drawing) and by offset (for lookup)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotator.coding.offsets import LineOffsets
from annotator.domain.models import Span


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch `[start, end)` of one row's columns covered by the same spans (outermost first)."""

    start: int
    end: int
    spans: tuple[Span, ...]


class SpanIndex:
    """The visible spans of one document, with an interval index by row.

    Each span is registered on every row it touches, so drawing a row looks only at the spans on
    that row, and adding or removing a span tells exactly which rows must be redrawn.
    """

    def __init__(self, lines: LineOffsets, spans: Iterable[Span] = ()) -> None:
        self.lines = lines
        self.by_id: dict[str, Span] = {}
        # Row -> {span id: span}; dicts keep insertion order and delete in O(1).
        self._by_row: dict[int, dict[str, Span]] = {}
        for span in spans:
            self.add(span)

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self) -> Iterator[Span]:
        return iter(self.by_id.values())

    def rows_of(self, span: Span) -> range:
        """The rows a span touches."""
        first = self.lines.row_of(span.start)
        last = self.lines.row_of(max(span.start, span.end - 1))
        return range(first, last + 1)

    def add(self, span: Span) -> range:
        """Show a span (replacing one with the same id); returns the rows to redraw."""
        rows = self.remove(span.id)
        self.by_id[span.id] = span
        added = self.rows_of(span)
        for row in added:
            self._by_row.setdefault(row, {})[span.id] = span
        if rows:
            return range(min(rows.start, added.start), max(rows.stop, added.stop))
        return added

    def remove(self, span_id: str) -> range:
        """Stop showing a span; returns the rows to redraw (empty when it was not shown)."""
        span = self.by_id.pop(span_id, None)
        if span is None:
            return range(0)
        rows = self.rows_of(span)
        for row in rows:
            on_row = self._by_row.get(row)
            if on_row is not None:
                on_row.pop(span_id, None)
                if not on_row:
                    del self._by_row[row]
        return rows

    def on_row(self, row: int) -> Iterable[Span]:
        """The spans touching a row."""
        return self._by_row.get(row, {}).values()

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans sharing at least one character with `[start, end)` (or holding `start` when empty)."""
        end = max(end, start + 1)
        found: dict[str, Span] = {}
        for row in range(self.lines.row_of(start), self.lines.row_of(end - 1) + 1):
            for span in self.on_row(row):
                if span.start < end and start < span.end:
                    found[span.id] = span
        return list(found.values())

    def at(self, offset: int) -> list[Span]:
        """Spans holding the character at `offset`, innermost (shortest) first."""
        found = [span for span in self.on_row(self.lines.row_of(offset)) if span.start <= offset < span.end]
        return sorted(found, key=_innermost_first)

    def runs(self, row: int) -> list[Run]:
        """The row cut into runs of equal coverage, each with its spans outermost first."""
        spans = self._by_row.get(row)
        if not spans:
            return []
        line_start, line_end = self.lines.line_span(row)
        clipped = []
        cuts = set()
        for span in spans.values():
            start = max(span.start, line_start) - line_start
            end = min(span.end, line_end) - line_start
            if start < end:
                clipped.append((start, end, span))
                cuts.add(start)
                cuts.add(end)
        ordered_cuts = sorted(cuts)
        runs = []
        for left, right in zip(ordered_cuts, ordered_cuts[1:]):
            covering = [span for start, end, span in clipped if start <= left and right <= end]
            if covering:
                covering.sort(key=_outermost_first)
                runs.append(Run(left, right, tuple(covering)))
        return runs


def _innermost_first(span: Span) -> tuple[int, int, str]:
    return (span.end - span.start, span.start, span.id)


def _outermost_first(span: Span) -> tuple[int, int, str]:
    return (span.start - span.end, span.start, span.id)
