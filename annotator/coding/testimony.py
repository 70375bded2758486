"""The testimony a coder works on: its spans, counts and search, and what each action targets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.coding.boundaries import Range, moved_end, moved_start, unit_selection
from annotator.coding.counts import SpanChange, by_code, tally
from annotator.coding.search import Search, SearchTerms, merged
from annotator.coding.session import LoadedDocument, no_document
from annotator.coding.targeting import own_covering, own_target, spans_under_cursor
from annotator.coding.turns import Turns
from annotator.domain.models import Span
from annotator.storage import Action


@dataclass(frozen=True)
class SpanEdit:
    """What a committed action changed in the testimony shown: its span changes there, the text rows
    to redraw and the first position of the spans list that moved."""

    changes: list[SpanChange]
    rows: set[int]
    first_listed: int


class OpenTestimony:
    """A loaded testimony as one coder works on it: the visible spans (by row and in text order), the
    coder's spans per code, the search and its hits. The screen draws it; every decision is here."""

    def __init__(self, loaded: LoadedDocument, coder: str, terms: SearchTerms | None = None) -> None:
        self.loaded = loaded
        self.coder = coder
        self.search = Search(loaded.document.text, terms)

    @property
    def present(self) -> bool:
        """Whether this is a testimony (False for the null one, `no_testimony`)."""
        return bool(self.loaded.document.id)

    @property
    def document_id(self) -> str:
        """The testimony's id."""
        return self.loaded.document.id

    @property
    def text(self) -> str:
        """The testimony's text."""
        return self.loaded.document.text

    @property
    def turns(self) -> Turns:
        """The testimony's speaker turns (none when it is not a transcript)."""
        return self.loaded.turns

    @property
    def code_counts(self) -> dict[str, int]:
        """The coder's spans per code in this testimony."""
        return self.loaded.code_counts

    # --- what an action targets ----------------------------------------------------------------

    def under_cursor(self, offset: int) -> list[Span]:
        """The visible spans under the cursor, innermost first."""
        return spans_under_cursor(self.loaded.spans, offset)

    def target(self, start: int, end: int) -> Span | None:
        """The coder's span that remove, re-code, resize and memo work on (see `own_target`)."""
        return own_target(self.loaded.spans, self.coder, start, end)

    def already_coded(self, code_id: str, start: int, end: int) -> Span | None:
        """The coder's span of this code that already holds the selection (see `own_covering`)."""
        return own_covering(self.loaded.spans, self.coder, code_id, start, end)

    def moved_start(self, span: Span, direction: int) -> int | None:
        """The span's start widened (-1) or narrowed (1) by a word or punctuation mark; None when it cannot move."""
        return moved_start(self.loaded.units, span, direction)

    def moved_end(self, span: Span, direction: int) -> int | None:
        """The span's end narrowed (-1) or widened (1) by a word or punctuation mark; None when it cannot move."""
        return moved_end(self.loaded.units, span, direction)

    def unit_selection(self, unit: str, start: int, end: int) -> Range | None:
        """The whole word, sentence or paragraph at the cursor or selection, or whole ones grown by the next."""
        return unit_selection(self.loaded.units, unit, start, end)

    def codes_in_view(self, start: int, end: int) -> list[str]:
        """The codes of the visible spans sharing a character with `[start, end)`, each once, in the order
        they first show there (a span begun above the view shows at its top): what the legend lists."""
        spans = sorted(
            self.loaded.spans.overlapping(start, end),
            key=lambda span: (max(span.start, start), span.start, span.end, span.code_id),
        )
        return list(dict.fromkeys(span.code_id for span in spans))

    def neighbour(self, start: int, end: int, direction: int) -> Span | None:
        """The visible span after (1) or before (-1) the selection in text order."""
        return self.loaded.order.neighbour(start, end, direction)

    # --- search --------------------------------------------------------------------------------

    def run_search(self, terms: SearchTerms) -> None:
        """Search this testimony (empty words clear the search)."""
        self.search.run(self.text, terms)

    def hit_ranges(self) -> list[Range]:
        """What coding every hit codes: each hit, or the sentence, paragraph or turn holding it (as the
        search's terms say), those sharing a stretch joined into one."""
        unit = self.search.terms.widen
        if not unit:
            return list(self.search.hits)
        return merged([self._widened(unit, hit) for hit in self.search.hits])

    def _widened(self, unit: str, hit: Range) -> Range:
        if unit == "turn":
            first, last = self.turns.at(hit[0]), self.turns.at(max(hit[0], hit[1] - 1))
            # Outside any turn (a plain testimony, or a hit in a gap), the hit stays as it is.
            if first is None or last is None:
                return hit
            return min(first.start, hit[0]), max(last.end, hit[1])
        return self.loaded.units.covering(unit, *hit) or hit

    # --- committed changes ---------------------------------------------------------------------

    def apply(self, action: Action) -> SpanEdit:
        """Take in a committed action's changes to this testimony: the span index, the text-order
        list and the per-code counts follow; returns what the screen must redraw."""
        here: list[SpanChange] = []
        for before, after in action.changes:
            if self.document_id not in (before and before.document_id, after and after.document_id):
                continue
            # From the span as shown (None when it is not): taking one action in twice (a worker's
            # action also seen by the watch) changes nothing the second time.
            shown = self.loaded.spans.by_id.get((after or before).id)  # type: ignore[union-attr]
            if after is not None and after.document_id != self.document_id:
                after = None
            if _state(shown) != _state(after):
                here.append((shown, after))
        return self._take(here)

    def shows(self, span: Span) -> bool:
        """Whether this view shows a span: one of this testimony's, by the coder, anyone (others shown),
        or one of the two coders compared."""
        if span.document_id != self.document_id:
            return False
        compared = self.loaded.compared
        if compared is not None:
            return span.coder in compared
        return self.loaded.show_others or span.coder == self.coder

    def follow(self, stored: Mapping[str, Span], span_ids: Iterable[str]) -> SpanEdit:
        """Make the spans of `span_ids` as shown what they are in the project (`stored`: those that
        exist there, by id), after another process changed them: a span removed there goes, one
        added there (that this view shows) comes, a changed one is redrawn."""
        here: list[SpanChange] = []
        for span_id in span_ids:
            shown = self.loaded.spans.by_id.get(span_id)
            now = stored.get(span_id)
            if now is not None and not self.shows(now):
                now = None
            if _state(shown) != _state(now):
                here.append((shown, now))
        return self._take(here)

    def _take(self, here: list[SpanChange]) -> SpanEdit:
        rows: set[int] = set()
        for before, after in here:
            if before is not None:
                rows.update(self.loaded.spans.remove(before.id))
            if after is not None:
                rows.update(self.loaded.spans.add(after))
        first_listed = self.loaded.order.apply(here)
        tally(self.loaded.code_counts, here, self.coder, by_code)
        return SpanEdit(here, rows, first_listed)


def no_testimony() -> OpenTestimony:
    """The null testimony as the coding core sees it: every question about it has the empty answer."""
    return OpenTestimony(no_document(), coder="")


def _state(span: Span | None) -> dict[str, object] | None:
    """What a span is, for comparing two copies of it (its update time left out)."""
    return span.state() if span is not None else None
