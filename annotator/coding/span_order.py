"""The testimony's visible spans in text order: the spans list, and the next or previous span."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from annotator.coding.counts import SpanChange
from annotator.domain.models import Span

SpanKey = tuple[int, int, str, str]


def text_order(span: Span) -> SpanKey:
    """Start, end, coder, id: a span's place in text order."""
    return (span.start, span.end, span.coder, span.id)


class SpanOrder:
    """Spans kept sorted in text order; a change is one sorted insert or delete (thousands of spans)."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.spans: list[Span] = sorted(spans, key=text_order)
        self._keys: list[SpanKey] = [text_order(span) for span in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def apply(self, changes: Iterable[SpanChange]) -> int:
        """Apply span changes (before -> after); returns the first position that changed (the length
        when none did), from where a list needs redrawing."""
        first_changed = len(self.spans)
        for before, after in changes:
            if before is not None:
                index = self.index(before)
                if index is not None:
                    del self._keys[index]
                    del self.spans[index]
                    first_changed = min(first_changed, index)
            if after is not None:
                index = bisect_left(self._keys, text_order(after))
                self._keys.insert(index, text_order(after))
                self.spans.insert(index, after)
                first_changed = min(first_changed, index)
        return first_changed

    def index(self, span: Span) -> int | None:
        """The position of a span (as it was when added), None when it is not there."""
        index = bisect_left(self._keys, text_order(span))
        return index if index < len(self._keys) and self._keys[index] == text_order(span) else None

    def neighbour(self, start: int, end: int, direction: int) -> Span | None:
        """The span after (1) or before (-1) the range `[start, end)` in text order, None at the ends."""
        if direction > 0:
            index = bisect_right(self._keys, (start, end, "\U0010ffff", ""))
        else:
            index = bisect_left(self._keys, (start, end, "", "")) - 1
        return self.spans[index] if 0 <= index < len(self.spans) else None
