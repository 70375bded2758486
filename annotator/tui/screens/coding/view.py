"""What every part of the coding screen shares: the testimony on screen (the coding core), showing a committed
action, the status line and header, and the warnings for a missing selection or span."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import TextArea

from annotator.coding.session import LoadedDocument
from annotator.coding.testimony import OpenTestimony, SpanEdit, no_testimony
from annotator.domain.models import Code, Span
from annotator.storage import Action
from annotator.tui.dialogs.code_picker import CodePicker, PickedCode
from annotator.tui.screens.testimony import TestimonyScreen
from annotator.tui.widgets.code_legend import CodeLegend
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.spans_panel import SpansPanel
from annotator.tui.widgets.status_line import StatusLine, compare_legend, describe_spans
from annotator.tui.widgets.testimony_list import Progress, TestimonyList

SELECT_FIRST = "Select a passage first: shift+arrows, w / s / p, or drag with the mouse."
NO_SPAN = "No span of yours under the cursor."
QUOTE_IN_TITLES = 40


def short_quote(text: str) -> str:
    """A quote for a dialog's title: one line, cut at QUOTE_IN_TITLES characters."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_IN_TITLES else text[: QUOTE_IN_TITLES - 1] + "…"


class CodingView(TestimonyScreen):
    """The coding screen's state and drawing helpers; the screen and its action groups derive from it."""

    # The state the keys wait for (`CodingScreen.check_action`); setting either refreshes the footer.
    # The testimony on screen, as the coding core sees it (always_update: a new one is never compared field by field);
    # the null testimony (`no_testimony`: no text, no spans) until one is shown and once none is left.
    open: reactive[OpenTestimony] = reactive(no_testimony, always_update=True, bindings=True)
    # How many search hits it has (the hit keys are dimmed while there are none).
    hit_count: reactive[int] = reactive(0, bindings=True)

    @property
    def document_id(self) -> str | None:
        """The testimony on screen (None while the null testimony is)."""
        return self.open.document_id if self.open.present else None

    @property
    def shown_id(self) -> str | None:
        """The testimony on screen."""
        return self.document_id

    @property
    def loaded(self) -> LoadedDocument:
        """The testimony on screen as it was read (with the changes since)."""
        return self.open.loaded

    @property
    def hits(self) -> list[tuple[int, int]]:
        """The search hits in the testimony on screen."""
        return self.open.search.hits

    def open_testimony(self, document_id: str, selection: tuple[int, int] | None = None) -> None:
        """Load a testimony off the UI thread and show it (selecting `selection` when given)."""
        compare = self.session.compare_pair() if self.session.compare_view else None
        self.load_testimony(document_id, show_others=self.session.show_others, compare=compare, selection=selection)

    def follow_suggestions(self) -> None:
        """Another process decided on suggestions in the open testimony (the suggestion keys redraw them)."""

    def _update_header(self) -> None:
        self.sub_title = self.session.header(self.document_id, self.loaded.primary is not None)

    def _progress(self, document_id: str) -> Progress:
        return Progress(*self.session.progress(document_id))

    @on(TextArea.SelectionChanged, "#transcript")
    def _selection_changed(self) -> None:
        self._update_status()

    def _spans_under_cursor(self) -> list[Span]:
        return self.open.under_cursor(self.transcript.cursor_offset)

    def _update_status(self) -> None:
        under = self._spans_under_cursor()
        self._show_status_line(under)
        self.query_one(SpansPanel).highlight_span(under[0] if under else None)
        self._update_legend()

    def _show_status_line(self, under: list[Span]) -> None:
        """The two lines under the text (alone: what arrives from a worker must not move the spans list)."""
        search = self.open.search.summary(self.transcript.selected_range())
        # The pair the testimony was loaded with: this runs on every cursor move, so no database work.
        compared = self.loaded.compared
        legend = compare_legend(*compared) if compared is not None else None
        turn = self.open.turns.at(self.transcript.cursor_offset)
        self.query_one(StatusLine).show(
            self.cursor_summary(under),
            self.transcript.selected_range(),
            search,
            legend,
            turn.label if turn is not None else "",
            self.cursor_keys(),
        )

    def cursor_summary(self, under: list[Span]) -> Content:
        """The status line's first line: the spans under the cursor (the suggestions add theirs)."""
        return describe_spans(under, self.session.codes_by_id, self.session.coder, self.session.colours)

    def cursor_keys(self) -> str:
        """The keys for what is under the cursor, first on the status line's second line (a suggestion's)."""
        return ""

    def _update_legend(self) -> None:
        """The legend lists the codes coloured in the rows in view (nothing to do while it is hidden)."""
        legend = self.query_one(CodeLegend)
        if legend.display:
            shown = self.open.codes_in_view(*self.transcript.visible_range())
            # The legend is as wide as the text column it sits under (its own size lags while it appears).
            legend.show(shown, self.session.codes_by_id, self.session.colours, self.transcript.size.width - 2)

    def _show_action(self, action: Action) -> None:
        """Reflect a committed action in the panels (its testimony's text only if it is on screen)."""
        self._show_edit(self.open.apply(action))  # nothing, when its testimony is not on screen
        self._show_progress(action.document_ids)
        self._update_status()

    def _show_edit(self, edit: SpanEdit) -> None:
        """Redraw what a change of the open testimony's spans touched: its rows, the spans list, the counts."""
        if edit.changes:
            self.transcript.spans_changed(edit.rows)
            self.query_one(SpansPanel).spans_changed(edit.first_listed)
            self.query_one(CodebookPanel).set_counts(self.open.code_counts)

    def _show_progress(self, document_ids: Iterable[str]) -> None:
        """Redraw the testimony list's progress of some testimonies."""
        testimonies = self.query_one(TestimonyList)
        for document_id in document_ids:
            testimonies.update_progress(document_id, self._progress(document_id))

    def _selection_or_warn(self) -> tuple[int, int] | None:
        start, end = self.transcript.selected_range()
        if end <= start:
            self.notify(SELECT_FIRST, severity="warning")
            return None
        return start, end

    def _target_or_warn(self) -> Span | None:
        target = self.open.target(*self.transcript.selected_range())
        if target is None:
            self.notify(NO_SPAN, severity="warning")
        return target

    def _code_picker(self, title: str, new_name: str = "") -> CodePicker:
        """The code picker over the codes this coder sees, following codes added or removed elsewhere
        (offering `new_name` as an in-vivo code, ready for enter)."""
        return CodePicker(
            self.session.codes,
            title,
            colours=self.session.colours,
            follow_codes=lambda: self.session.codes,
            new_name=new_name,
        )

    def _with_picked(self, use: Callable[[str], None]) -> Callable[[PickedCode | None], None]:
        """A picker's callback: the picked code's id to `use`; a new name typed is created first
        (in the same order as every other write, so a key pressed meanwhile cannot overtake it)."""

        def picked(chosen: PickedCode | None) -> None:
            self.transcript.focus()
            if chosen is None:
                return
            if chosen.new_name is None:
                if chosen.code_id is not None:
                    use(chosen.code_id)
                return

            def created(code: Code) -> None:
                self._show_codes()
                self.notify(f"New code “{code.name}” added to the codebook.")
                use(code.id)

            name = chosen.new_name
            self.writes.submit(self, f"new code {name}", lambda: self.session.create_code(name), created)

        return picked

    def _show_codes(self) -> None:
        """The codebook changed (a new code, or one undone): panels and colours follow."""
        counts = self.open.code_counts
        self.query_one(CodebookPanel).set_codes(self.session.codes, counts, self.session.colours)
        self.transcript.set_colours(self.colours())
        self.query_one(SpansPanel).set_codes(self.session.codes_by_id, self.session.colours)
