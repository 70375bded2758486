"""The current testimony's spans in text order with their memos, one line each."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from textual.content import Content

from annotator.coding.span_order import SpanOrder
from annotator.domain.models import Code, Span
from annotator.tui.widgets.row_list import RowList, RowListMessage

QUOTE_CHARACTERS = 80
# Below this many cells (the 25-column panel of an 80-column terminal) a row leads with the span's start
# and the first words of its quote.
NARROW_ROW = 30
NARROW_WORDS = 2
NARROW_CODER = 4  # a narrow row's coder column: the start of each name (the status line names it whole)


def first_words(quote: str, count: int) -> str:
    """The first words of a quote (`We paid a…`), whole."""
    words = quote.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


MEMO_MARK = "✎"
UNKNOWN_COLOUR = "#888888"  # a code no longer in the codebook (its span remains)


class SpansPanel(RowList):
    """One line per span in text order: colour, coder, memo mark, code, offsets, memo, quote.

    The coder and the memo mark come first, in columns, so with other coders' spans shown the rows
    can be told apart however narrow the panel is (the end of a row is what gets cut).

    A long testimony holds thousands of spans: the coding core keeps them sorted (`SpanOrder`), and
    after a change only the rows from the change down to the bottom of the view are repainted.
    """

    @dataclass
    class Chosen(RowListMessage):
        """The user chose a span to go to."""

        span: Span

    def __init__(self, coder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.coder = coder
        self._order = SpanOrder()
        self._codes: dict[str, Code] = {}
        self._colours: dict[str, str] = {}
        self._text = ""
        # The coder column's width: the longest coder name listed, 0 while every span listed is the
        # coder's own (the only spans an action here adds), so blind coding gives the room to the code.
        self._coder_width = 0

    @property
    def _spans(self) -> list[Span]:
        return self._order.spans

    def set_spans(self, order: SpanOrder, codes: dict[str, Code], colours: Mapping[str, str], text: str) -> None:
        """Show a testimony's spans in text order (the core's list, changed by it), each code in its
        colour on screen; `text` gives the quotes."""
        self._codes = dict(codes)
        self._colours = dict(colours)
        self._text = text
        self._order = order
        coders = {span.coder for span in order.spans}
        self._coder_width = max(map(len, coders)) if coders - {self.coder} else 0
        self.highlighted = None
        self.rows_changed()

    def set_codes(self, codes: dict[str, Code], colours: Mapping[str, str]) -> None:
        """Use new code names and colours."""
        self._codes = dict(codes)
        self._colours = dict(colours)
        self.forget_rendering()

    def spans_changed(self, first_changed: int) -> None:
        """The core changed the spans from position `first_changed` on: repaint from there."""
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
        index = self._order.index(span)
        if index is not None:
            self.highlighted = index

    @property
    def spans(self) -> list[Span]:
        """The spans shown, in text order."""
        return list(self._spans)

    def row_count(self) -> int:
        """One row per span."""
        return len(self._spans)

    def row_key(self, row: int) -> Hashable:
        """The span itself (frozen, so any change makes a new key) and the coder column's width."""
        return self._spans[row], self._coder_width

    def row_content(self, row: int) -> Content:
        """`▌alice  ✎ Bribery 0–16 memo «quote»` (no coder column while every span listed is the coder's own)."""
        span = self._spans[row]
        parts = self._lead(span)
        parts += [self._code_name(span), (f" {span.start}–{span.end}", "$text-muted")]
        if span.memo:
            parts.append((" " + " ".join(span.memo.split()), "italic"))
        parts.append((f" «{self._quote(span)}»", "$text-muted"))
        return Content.assemble(*parts)

    def fitted_content(self, row: int, width: int) -> Content:
        """In a narrow panel (80 columns), where the code's name would take the row: `▌✎ 38 «We paid…»
        Bribery`, after the coder (cut) and the memo mark, the span's start and the first words of its
        quote before the name (its colour is the bar)."""
        if width >= NARROW_ROW:
            return self.row_content(row)
        span = self._spans[row]
        parts = self._lead(span, coder_width=min(self._coder_width, NARROW_CODER))
        parts += [
            (f"{span.start} ", "$text-muted"),
            f"«{first_words(self._quote(span), NARROW_WORDS)}» ",
            self._code_name(span),
        ]
        return Content.assemble(*parts)

    def _lead(self, span: Span, coder_width: int | None = None) -> list[str | tuple[str, str]]:
        """The colour bar, the coder column (when other coders' spans are listed; names cut to
        `coder_width`) and the memo mark."""
        width = self._coder_width if coder_width is None else coder_width
        code = self._codes.get(span.code_id)
        colour = self._colours.get(span.code_id, code.colour if code else UNKNOWN_COLOUR)
        parts: list[str | tuple[str, str]] = [("▌", colour)]
        if width:
            parts.append((span.coder[:width].ljust(width) + " ", "bold" if span.coder == self.coder else "$text-muted"))
        parts.append((f"{MEMO_MARK} " if span.memo else "  ", "bold"))
        return parts

    def _code_name(self, span: Span) -> str:
        code = self._codes.get(span.code_id)
        return code.name if code else span.code_id

    def _quote(self, span: Span) -> str:
        return " ".join(self._text[span.start : min(span.end, span.start + QUOTE_CHARACTERS)].split())

    def empty_content(self) -> Content:
        """A testimony without spans."""
        return Content.styled("No spans yet.", "$text-muted")

    def choose(self, row: int) -> None:
        """Go to the span."""
        self.post_message(self.Chosen(self, self._spans[row]))
