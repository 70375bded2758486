"""The coding screen: testimonies, text, codebook and spans, and every coding action with its key."""

from __future__ import annotations

import gc
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical

from annotator.coding.follow import ProjectChanges
from annotator.coding.history import history_step
from annotator.coding.layout import Panel
from annotator.coding.session import LoadedDocument
from annotator.coding.testimony import OpenTestimony
from annotator.storage import Action
from annotator.tui.screens.coding.follow import FollowActions
from annotator.tui.screens.coding.keys import CODING_BINDINGS
from annotator.tui.screens.coding.layout import LayoutActions
from annotator.tui.screens.coding.legend import LegendActions
from annotator.tui.screens.coding.memos import MemoActions
from annotator.tui.screens.coding.search import SearchActions
from annotator.tui.screens.coding.spans import SpanActions
from annotator.tui.screens.coding.suggest import SuggestActions
from annotator.tui.screens.coding.turns import TURN_ACTIONS, TurnActions
from annotator.tui.widgets.code_detail import CodeDetail
from annotator.tui.widgets.code_legend import CodeLegend
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.footer import HelpFirstFooter
from annotator.tui.widgets.header import FittedHeader
from annotator.tui.widgets.spans_panel import SpansPanel
from annotator.tui.widgets.status_line import StatusLine
from annotator.tui.widgets.testimony_list import TestimonyList
from annotator.tui.widgets.transcript import Transcript

# Actions that need a testimony on screen; the others (help, undo, retrieval ...) work without one.
NEEDS_DOCUMENT = {
    "apply_key",
    "pick_code",
    "remove_span",
    "recode_span",
    "move_start",
    "move_end",
    "fit_span",
    "memo",
    "testimony_memo",
    "search",
    "toggle_done",
    "select_unit",
    "jump_span",
    *TURN_ACTIONS,
    "edit_attributes",
    "next_review",
    "resolve_review",
    "correct_text",
    "step_suggestion",
    "accept_suggestion",
    "accept_suggestion_as",
    "reject_suggestion",
}
NEEDS_HITS = {"next_hit", "code_hits"}


class CodingScreen(
    FollowActions,  # with the codebook and document keys it follows
    SpanActions,
    SuggestActions,  # before SearchActions: its worker failures are told apart from the hit coder's
    SearchActions,
    MemoActions,
    TurnActions,
    LegendActions,
    LayoutActions,
):
    """The main screen; all data changes go through the session and are committed before they show.

    The keys are grouped by concern (span actions, search, views across coders); every decision
    they need is made by the headless coding core (`annotator.coding`), the screen draws the result.
    """

    BINDINGS = CODING_BINDINGS

    def compose(self) -> ComposeResult:
        """Header; testimonies | text and status | codebook and spans; footer."""
        yield FittedHeader(show_clock=False)
        with Horizontal(id="main"):
            yield TestimonyList(id="testimonies")
            # The text and the side panels: side by side, or the side panels under the text (`stacked`).
            with Container(id="work"):
                with Vertical(id="reader"):
                    yield Transcript(self.session.coder, id="transcript")
                    yield CodeLegend(id="legend")
                    yield StatusLine(id="status")
                with Vertical(id="side"):
                    yield CodebookPanel(id="codebook")
                    yield CodeDetail(id="code-detail")
                    yield SpansPanel(self.session.coder, id="spans")
        yield HelpFirstFooter()

    def on_mount(self) -> None:
        """Fill the panels and open the testimony the coder was last on."""
        self.title = self.session.project_name
        self.query_one(TestimonyList).border_title = "Testimonies"
        name = self.session.codebook_name
        self.query_one(CodebookPanel).border_title = f"Codebook · {name}" if name else "Codebook"
        self.query_one(SpansPanel).border_title = "Spans"
        self.apply_layout()
        self.hint_hidden_panels()
        self.query_one(TestimonyList).set_testimonies(
            self.session.testimonies, {t.id: self._progress(t.id) for t in self.session.testimonies}
        )
        self.query_one(CodebookPanel).set_codes(self.session.codes, {}, self.session.colours)
        self._watch_code_detail()
        self.transcript.focus()
        start = self.session.start_document()
        if start is None:
            self.transcript.border_title = "No testimonies in this project"
            self._update_header()
        else:
            self.open_testimony(start)

    def testimony_title(self, loaded: LoadedDocument) -> str:
        """`A — title` (the id alone when the title says nothing more)."""
        title = loaded.document.title
        return loaded.document.id + (f" — {title}" if title and title != loaded.document.id else "")

    def testimony_shown(self, loaded: LoadedDocument, selection: tuple[int, int] | None) -> None:
        """Take the testimony into the coding core and fill the panels."""
        # A search belongs to its testimony: kept when the same one is read again (after a correction), else cleared.
        same = loaded.document.id == self.document_id
        terms = self.open.search.terms
        self.open = OpenTestimony(loaded, self.session.coder, terms if same else terms.cleared())
        transcript = self.transcript
        transcript.set_hits(self.hits)
        self.hit_count = len(self.hits)
        if selection is not None:
            transcript.select_range(*selection, center=True)
        self.query_one(SpansPanel).set_spans(
            loaded.order, self.session.codes_by_id, self.session.colours, loaded.document.text
        )
        self.query_one(CodebookPanel).set_counts(loaded.code_counts)
        self.query_one(TestimonyList).mark_current(loaded.document.id)
        self.writes.try_quietly(self, lambda: self.session.remember(loaded.document.id))
        self._update_header()
        self._update_status()
        self.show_suggestions()
        self.catch_up()
        # A long testimony brings hundreds of thousands of long-lived objects (lines, spans, styles);
        # freezing them keeps Python's full garbage collections, which would otherwise rescan them
        # all, from stalling a later key press by tens of milliseconds.
        gc.freeze()

    def follow(self, changes: ProjectChanges) -> None:
        """Show what changed elsewhere; what changed the coder's own coding there (a second window, a merged
        packet) makes their suggestions again, as their actions here do."""
        super().follow(changes)
        if changes.teaches(self.session.coder):
            self.retrain()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Document actions need a testimony; search-hit actions need hits (shown dimmed otherwise)."""
        if action in NEEDS_DOCUMENT and not self.open.present:
            return None
        if action in NEEDS_HITS and not self.hit_count:
            return None
        return True

    def action_step_testimony(self, step: int) -> None:
        """Open the next (1) or previous (-1) testimony."""
        if not self.session.testimonies:
            return
        following = self.session.neighbour_testimony(self.requested, step)
        if following is None:
            self.notify("This is the last testimony." if step > 0 else "This is the first testimony.")
            return
        self.open_testimony(following)

    def history(self) -> tuple[Callable[[], Action | None], Callable[[], Action | None]]:
        """The coder's latest coding action, wherever it was (also after a restart)."""
        return self.session.undo, self.session.redo

    def after_history(self, action: Action, verb: str) -> None:
        """Show the change and go to it (opening its testimony when it is another one)."""
        step = history_step(action, verb, self.session.code_name)
        self.notify(step.message)
        if self.document_changed(action):
            return
        self._show_action(action)
        if action.touches("code"):
            self._show_codes()
        if action.touches("progress"):
            self._update_header()
            if step.document_id is not None:
                self.query_one(TestimonyList).update_progress(step.document_id, self._progress(step.document_id))
        if step.document_id == self.document_id:
            if step.place is not None:
                self.transcript.select_range(*step.place, center=True)
        elif step.document_id is not None:
            self.open_testimony(step.document_id, step.place)

    def action_toggle_done(self) -> None:
        """Mark this testimony done, or not done."""
        if self.document_id is None:
            return
        done = self.document_id not in self.session.done
        document_id = self.document_id

        def marked(_: object) -> None:
            self.query_one(TestimonyList).update_progress(document_id, self._progress(document_id))
            self._update_header()
            self.notify(f"{document_id} marked {'done' if done else 'not done'}.")

        self.writes.submit(
            self,
            f"mark {document_id} {'done' if done else 'not done'}",
            lambda: self.session.set_done(document_id, done),
            marked,
        )

    def action_select_unit(self, unit: str) -> None:
        """Select the whole word, sentence or paragraph at the cursor or selection; on whole ones, add the next."""
        found = self.open.unit_selection(unit, *self.transcript.selected_range())
        if found is not None:
            self.transcript.select_range(*found)

    def action_jump_span(self, direction: int) -> None:
        """Select the next (1) or previous (-1) span in the text."""
        span = self.open.neighbour(*self.transcript.selected_range(), direction)
        if span is None:
            self.notify("No more spans that way.")
            return
        self.transcript.select_range(span.start, span.end, center=True)

    def action_focus_testimonies(self) -> None:
        """Move to the testimony list (showing it when the layout had collapsed or hidden it)."""
        self.reveal(Panel.TESTIMONIES)
        if self.panel_layout.shows(Panel.TESTIMONIES):  # else the screen said there is no room
            self.query_one(TestimonyList).focus()

    def action_clear(self) -> None:
        """Clear the selection; with none, clear the search."""
        transcript = self.transcript
        start, end = transcript.selected_range()
        if end > start:
            transcript.select_range(transcript.cursor_offset, transcript.cursor_offset)
        elif self.open.search.query:
            self.open.search.clear()
            self._show_search()
        transcript.focus()

    @on(TestimonyList.Chosen)
    def _testimony_chosen(self, event: TestimonyList.Chosen) -> None:
        self.open_testimony(event.document_id)
        self.transcript.focus()

    @on(CodebookPanel.Chosen)
    def _code_chosen(self, event: CodebookPanel.Chosen) -> None:
        self.apply_code(event.code_id)
        self.transcript.focus()

    @on(SpansPanel.Chosen)
    def _span_chosen(self, event: SpansPanel.Chosen) -> None:
        self.transcript.select_range(event.span.start, event.span.end, center=True)
        self.transcript.focus()
