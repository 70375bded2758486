"""The current testimony's spans in text order with their memos, one line each."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from textual.content import Content

from annotator.domain.models import Code, Span
from annotator.tui.widgets.row_list import RowList, RowListMessage

QUOTE_CHARACTERS = 80


def _order(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.coder, span.id)


class SpansPanel(RowList):
    """One line per span (colour, offsets, code, coder if not you, memo, quote), in text order.

    A long testimony holds thousands of spans: they are kept sorted, a change is one sorted insert
    or delete, and only the rows from the change down to the bottom of the view are repainted.
    """

    @dataclass
    class Chosen(RowListMessage):
        """The user chose a span to go to."""

        span: Span

    def __init__(self, coder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.coder = coder
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, str, str]] = []
        self._codes: dict[str, Code] = {}
        self._text = ""

    def set_spans(self, spans: Iterable[Span], codes: dict[str, Code], text: str) -> None:
        """Show a testimony's spans (any order); `text` gives the quotes."""
        self._codes = dict(codes)
        self._text = text
        self._spans = sorted(spans, key=_order)
        self._keys = [_order(span) for span in self._spans]
        self.highlighted = None
        self.rows_changed()

    def set_codes(self, codes: dict[str, Code]) -> None:
        """Use new code names and colours."""
        self._codes = dict(codes)
        self.forget_rendering()

    def apply_changes(self, changes: Iterable[tuple[Span | None, Span | None]]) -> None:
        """Show span changes (before -> after) in place, keeping the text order."""
        first_changed = len(self._spans)
        for before, after in changes:
            if before is not None:
                index = bisect_left(self._keys, _order(before))
                if index < len(self._keys) and self._keys[index] == _order(before):
                    del self._keys[index]
                    del self._spans[index]
                    first_changed = min(first_changed, index)
            if after is not None:
                index = bisect_left(self._keys, _order(after))
                self._keys.insert(index, _order(after))
                self._spans.insert(index, after)
                first_changed = min(first_changed, index)
        count = len(self._spans)
        if self.highlighted is not None and self.highlighted >= count:
            self.highlighted = count - 1 if count else None
        self._set_height(count)
        self.refresh_rows(first_changed)

    def highlight_span(self, span: Span | None) -> None:
        """Highlight a span (the one under the cursor in the text), scrolling it into view."""
        if span is None:
            self.highlighted = None
            return
        index = bisect_left(self._keys, _order(span))
        if index < len(self._keys) and self._keys[index] == _order(span):
            self.highlighted = index

    def neighbour(self, start: int, end: int, direction: int) -> Span | None:
        """The span after (1) or before (-1) the range `[start, end)` in text order."""
        if direction > 0:
            index = bisect_right(self._keys, (start, end, "\U0010ffff", ""))
        else:
            index = bisect_left(self._keys, (start, end, "", "")) - 1
        return self._spans[index] if 0 <= index < len(self._spans) else None

    @property
    def spans(self) -> list[Span]:
        """The spans shown, in text order."""
        return list(self._spans)

    def row_count(self) -> int:
        """One row per span."""
        return len(self._spans)

    def row_key(self, row: int) -> Hashable:
        """The span itself (frozen, so any change makes a new key)."""
        return self._spans[row]

    def row_content(self, row: int) -> Content:
        """`▌0–16 Bribery ✎ memo «quote»`."""
        span = self._spans[row]
        code = self._codes.get(span.code_id)
        quote = " ".join(self._text[span.start : min(span.end, span.start + QUOTE_CHARACTERS)].split())
        parts: list[str | tuple[str, str]] = [
            ("▌", code.colour if code else "#888888"),
            (f"{span.start}–{span.end} ", "$text-muted"),
            code.name if code else span.code_id,
        ]
        if span.coder != self.coder:
            parts.append((f" ({span.coder})", "$text-muted"))
        if span.memo:
            parts.append((" ✎ " + " ".join(span.memo.split()), "italic"))
        parts.append((f" «{quote}»", "$text-muted"))
        return Content.assemble(*parts)

    def empty_content(self) -> Content:
        """A testimony without spans."""
        return Content.styled("No spans yet.", "$text-muted")

    def choose(self, row: int) -> None:
        """Go to the span."""
        self.post_message(self.Chosen(self, self._spans[row]))
