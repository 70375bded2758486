"""The coding screen: testimonies, text, codebook and spans, and every coding action with its key."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, TextArea
from textual.worker import Worker

from annotator.agreement.adjudication import Adjudication
from annotator.coding.history import history_step
from annotator.coding.session import CodingSession, LoadedDocument, code_ranges
from annotator.coding.testimony import OpenTestimony
from annotator.domain.models import Span
from annotator.storage import Action
from annotator.tui.reporting import notify_errors, report_worker_failure
from annotator.tui.screens.adjudication import AdjudicationScreen
from annotator.tui.screens.agreement import Adjudicate, AgreementScreen
from annotator.tui.screens.coding_keys import CODING_BINDINGS
from annotator.tui.screens.memo import MemoEditor
from annotator.tui.screens.picker import CodePicker, PickedCode
from annotator.tui.screens.retrieval import Jump, RetrievalScreen
from annotator.tui.screens.search import SearchPrompt
from annotator.tui.screens.testimony import TestimonyScreen
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.spans_panel import SpansPanel
from annotator.tui.widgets.status_line import StatusLine, compare_legend, describe_spans
from annotator.tui.widgets.testimony_list import Progress, TestimonyList
from annotator.tui.widgets.transcript import Transcript

SELECT_FIRST = "Select a passage first: shift+arrows, w / s / p, or drag with the mouse."
NO_SPAN = "No span of yours under the cursor."
QUOTE_IN_TITLES = 40

# Actions that need a testimony on screen; the others (help, undo, retrieval ...) work without one.
NEEDS_DOCUMENT = {
    "apply_key", "pick_code", "remove_span", "recode_span", "move_start", "move_end", "fit_span", "memo",
    "search", "toggle_done", "select_unit", "jump_span",
}
NEEDS_HITS = {"next_hit", "code_hits"}


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_IN_TITLES else text[: QUOTE_IN_TITLES - 1] + "…"


class CodingScreen(TestimonyScreen):
    """The main screen; all data changes go through the session and are committed before they show."""

    BINDINGS = CODING_BINDINGS

    @dataclass
    class HitsCoded(Message):
        """A worker committed the coding of every search hit."""

        action: Action
        code_id: str

    def __init__(self, session: CodingSession) -> None:
        super().__init__(session)
        self.open: OpenTestimony | None = None  # the testimony on screen, as the coding core sees it

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header; testimonies | text and status | codebook and spans; footer."""
        yield Header(show_clock=False)
        with Horizontal(id="main"):
            yield TestimonyList(id="testimonies")
            with Vertical(id="reader"):
                yield Transcript(self.session.coder, id="transcript")
                yield StatusLine(id="status")
            with Vertical(id="side"):
                yield CodebookPanel(id="codebook")
                yield SpansPanel(self.session.coder, id="spans")
        yield Footer()

    @property
    def document_id(self) -> str | None:
        """The testimony on screen."""
        return self.open.document_id if self.open is not None else None

    @property
    def shown_id(self) -> str | None:
        """The testimony on screen."""
        return self.document_id

    @property
    def loaded(self) -> LoadedDocument | None:
        """The testimony on screen as it was read (with the changes since)."""
        return self.open.loaded if self.open is not None else None

    @property
    def hits(self) -> list[tuple[int, int]]:
        """The search hits in the testimony on screen."""
        return self.open.search.hits if self.open is not None else []

    def on_mount(self) -> None:
        """Fill the panels and open the testimony the coder was last on."""
        self.title = self.session.project_name
        self.query_one(TestimonyList).border_title = "Testimonies"
        self.query_one(CodebookPanel).border_title = "Codebook"
        self.query_one(SpansPanel).border_title = "Spans"
        self.query_one(TestimonyList).set_testimonies(
            self.session.testimonies, {t.id: self._progress(t.id) for t in self.session.testimonies}
        )
        self.query_one(CodebookPanel).set_codes(self.session.codes, {})
        self.transcript.focus()
        start = self.session.start_document()
        if start is None:
            self.transcript.border_title = "No testimonies in this project"
            self._update_header()
        else:
            self.open_testimony(start)

    # --- opening testimonies ---------------------------------------------------------------------

    def open_testimony(self, document_id: str, selection: tuple[int, int] | None = None) -> None:
        """Load a testimony off the UI thread and show it (selecting `selection` when given)."""
        compare = self.session.compare_pair() if self.session.compare_view else None
        self.load_testimony(document_id, show_others=self.session.show_others, compare=compare, selection=selection)

    def testimony_title(self, loaded: LoadedDocument) -> str:
        """`A — title` (the id alone when the title says nothing more)."""
        title = loaded.document.title
        return loaded.document.id + (f" — {title}" if title and title != loaded.document.id else "")

    def testimony_shown(self, loaded: LoadedDocument, selection: tuple[int, int] | None) -> None:
        """Take the testimony into the coding core and fill the panels."""
        self.open = OpenTestimony(loaded, self.session.coder, self.open.search.query if self.open is not None else "")
        transcript = self.transcript
        transcript.set_hits(self.hits)
        if selection is not None:
            transcript.select_range(*selection, center=True)
        self.query_one(SpansPanel).set_spans(loaded.order, self.session.codes_by_id, loaded.document.text)
        self.query_one(CodebookPanel).set_counts(loaded.code_counts)
        self.query_one(TestimonyList).mark_current(loaded.document.id)
        with notify_errors(self):
            self.session.remember(loaded.document.id)
        self._update_header()
        self._update_status()
        self.refresh_bindings()
        # A long testimony brings hundreds of thousands of long-lived objects (lines, spans, styles);
        # freezing them keeps Python's full garbage collections, which would otherwise rescan them
        # all, from stalling a later key press by tens of milliseconds.
        gc.freeze()

    def _update_header(self) -> None:
        self.sub_title = self.session.header(self.document_id, self.loaded is not None and self.loaded.primary is not None)

    def _progress(self, document_id: str) -> Progress:
        return Progress(*self.session.progress(document_id))

    # --- status ----------------------------------------------------------------------------------

    @on(TextArea.SelectionChanged, "#transcript")
    def _selection_changed(self) -> None:
        self._update_status()

    def _spans_under_cursor(self) -> list[Span]:
        return self.open.under_cursor(self.transcript.cursor_offset) if self.open is not None else []

    def _update_status(self) -> None:
        under = self._spans_under_cursor()
        search = self.open.search.summary if self.open is not None else ""
        # The pair the testimony was loaded with: this runs on every cursor move, so no database work.
        compared = self.loaded.compared if self.loaded is not None else None
        legend = compare_legend(*compared) if compared is not None else None
        self.query_one(StatusLine).show(
            describe_spans(under, self.session.codes_by_id, self.session.coder), self.transcript.selected_range(), search,
            legend,
        )
        self.query_one(SpansPanel).highlight_span(under[0] if under else None)

    # --- committing and showing changes ----------------------------------------------------------

    def _show_action(self, action: Action) -> None:
        """Reflect a committed action in the panels (its testimony's text only if it is on screen)."""
        edit = self.open.apply(action) if self.open is not None else None
        if edit is not None and edit.changes:
            self.transcript.spans_changed(edit.rows)
            self.query_one(SpansPanel).spans_changed(edit.first_listed)
            self.query_one(CodebookPanel).set_counts(self.open.code_counts)
        testimonies = self.query_one(TestimonyList)
        for document_id in action.document_ids:
            testimonies.update_progress(document_id, self._progress(document_id))
        self._update_status()

    def _selection_or_warn(self) -> tuple[int, int] | None:
        start, end = self.transcript.selected_range()
        if end <= start:
            self.notify(SELECT_FIRST, severity="warning")
            return None
        return start, end

    def _target_or_warn(self) -> Span | None:
        target = self.open.target(*self.transcript.selected_range()) if self.open is not None else None
        if target is None:
            self.notify(NO_SPAN, severity="warning")
        return target

    # --- coding actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Document actions need a testimony; search-hit actions need hits (shown dimmed otherwise)."""
        if action in NEEDS_DOCUMENT and self.loaded is None:
            return None
        if action in NEEDS_HITS and not self.hits:
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

    def action_apply_key(self, key: str) -> None:
        """Code the selection with the code on a digit key."""
        code = self.session.code_for_key(key)
        if code is None:
            self.notify(f"No code has the key {key}; press c to pick a code by name.", severity="warning")
            return
        self.apply_code(code.id)

    def apply_code(self, code_id: str) -> None:
        """Code the selection; the selection stays, so a second code can follow."""
        selection = self._selection_or_warn()
        if selection is None or self.document_id is None:
            return
        with notify_errors(self):
            action = self.session.add_span(self.document_id, code_id, *selection)
            self._show_action(action)

    def action_pick_code(self) -> None:
        """Code the selection with a code found by name (or a new one)."""
        selection = self._selection_or_warn()
        if selection is None:
            return
        quote = _quote(self.transcript.selected_text)
        self.app.push_screen(CodePicker(self.session.codes, f"Code «{quote}» with…"), self._picked_for_selection)

    def _picked_for_selection(self, picked: PickedCode | None) -> None:
        code_id = self._resolve(picked)
        if code_id is not None:
            self.apply_code(code_id)
            self.transcript.focus()

    def _resolve(self, picked: PickedCode | None) -> str | None:
        """The picked code's id, creating the code first when a new name was typed."""
        if picked is None:
            return None
        if picked.new_name is None:
            return picked.code_id
        with notify_errors(self):
            code = self.session.create_code(picked.new_name)
            self._show_codes()
            self.notify(f"New code “{code.name}” added to the codebook.")
            return code.id
        return None

    def _show_codes(self) -> None:
        """The codebook changed (a new code, or one undone): panels and colours follow."""
        self.query_one(CodebookPanel).set_codes(self.session.codes, self.loaded.code_counts if self.loaded else {})
        self.transcript.set_colours(self.colours())
        self.query_one(SpansPanel).set_codes(self.session.codes_by_id)

    def action_remove_span(self) -> None:
        """Remove the coder's span under the cursor."""
        target = self._target_or_warn()
        if target is not None:
            with notify_errors(self):
                self._show_action(self.session.remove_span(target.id))
                self.notify(f"Removed {self.session.code_name(target.code_id)} ({target.start}–{target.end}).")

    def action_recode_span(self) -> None:
        """Give the coder's span under the cursor another code."""
        target = self._target_or_warn()
        if target is None:
            return
        title = f"Re-code «{_quote(target.text)}» (now {self.session.code_name(target.code_id)}) as…"

        def recode(picked: PickedCode | None) -> None:
            code_id = self._resolve(picked)
            if code_id is not None and code_id != target.code_id:
                with notify_errors(self):
                    self._show_action(self.session.recode_span(target.id, code_id))
            self.transcript.focus()

        self.app.push_screen(CodePicker(self.session.codes, title), recode)

    def action_move_start(self, direction: int) -> None:
        """Widen (-1) or narrow (1) the span under the cursor at its start, by a word."""
        target = self._target_or_warn()
        start = self.open.moved_start(target, direction) if target is not None and self.open is not None else None
        if target is not None and start is None:
            self.notify("The span's start cannot move further that way.", severity="warning")
        elif target is not None and start is not None:
            self._resize(target, start, target.end)

    def action_move_end(self, direction: int) -> None:
        """Narrow (-1) or widen (1) the span under the cursor at its end, by a word."""
        target = self._target_or_warn()
        end = self.open.moved_end(target, direction) if target is not None and self.open is not None else None
        if target is not None and end is None:
            self.notify("The span's end cannot move further that way.", severity="warning")
        elif target is not None and end is not None:
            self._resize(target, target.start, end)

    def action_fit_span(self) -> None:
        """Set the boundaries of the coder's span under the selection to the selection."""
        selection = self._selection_or_warn()
        target = self._target_or_warn() if selection else None
        if selection is None or target is None:
            return
        if (target.start, target.end) == selection:
            self.notify("The span already has these boundaries.")
            return
        self._resize(target, *selection)

    def _resize(self, target: Span, start: int, end: int) -> None:
        with notify_errors(self):
            self._show_action(self.session.resize_span(target.id, start, end))
            # Select the new extent, so the next boundary key works on the same span.
            self.transcript.select_range(start, end)

    def action_memo(self) -> None:
        """Write or change the memo on the coder's span under the cursor."""
        target = self._target_or_warn()
        if target is None:
            return
        title = f"Memo on {self.session.code_name(target.code_id)} «{_quote(target.text)}»"

        def save(memo: str | None) -> None:
            if memo is not None and memo != target.memo:
                with notify_errors(self):
                    self._show_action(self.session.set_memo(target.id, memo))
            self.transcript.focus()

        self.app.push_screen(MemoEditor(title, target.memo), save)

    def history(self) -> tuple[Callable[[], Action | None], Callable[[], Action | None]]:
        """The coder's latest coding action, wherever it was (also after a restart)."""
        return self.session.undo, self.session.redo

    def after_history(self, action: Action, verb: str) -> None:
        """Show the change and go to it (opening its testimony when it is another one)."""
        self._show_action(action)
        step = history_step(action, verb)
        self.notify(step.message)
        if action.touches("code"):
            self._show_codes()
        if action.touches("progress"):
            self._update_header()
            if step.document_id is not None:
                self.query_one(TestimonyList).update_progress(step.document_id, self._progress(step.document_id))
        if step.document_id is None or step.place is None:
            if step.document_id is not None and step.document_id != self.document_id:
                self.open_testimony(step.document_id)
        elif step.document_id == self.document_id:
            self.transcript.select_range(*step.place, center=True)
        else:
            self.open_testimony(step.document_id, step.place)

    # --- search ----------------------------------------------------------------------------------

    def action_search(self) -> None:
        """Ask for a search term and select its first hit after the cursor."""

        def search(query: str | None) -> None:
            self.transcript.focus()
            if query is None or self.open is None:
                return
            self.open.run_search(query)
            self._show_search()
            if query and not self.hits:
                self.notify(f"“{query}” is not in this testimony.", severity="warning")
            elif self.hits:
                self.action_next_hit(1, from_cursor=True)

        self.app.push_screen(SearchPrompt(self.open.search.query if self.open else ""), search)

    def _show_search(self) -> None:
        self.transcript.set_hits(self.hits)
        self.refresh_bindings()
        self._update_status()

    def action_next_hit(self, direction: int, from_cursor: bool = False) -> None:
        """Select the next (1) or previous (-1) search hit, wrapping around."""
        if self.open is None:
            return
        start, _ = self.transcript.selected_range()
        search = self.open.search
        hit = search.first_from(start) if from_cursor else search.next_hit(start, direction)
        if hit is not None:
            self.transcript.select_range(*hit, center=True)

    def action_code_hits(self) -> None:
        """Code every hit of the search with one code, in a worker, as one undoable action."""
        if not self.hits or self.document_id is None:
            return
        hits, document_id = list(self.hits), self.document_id
        title = f"Code all {len(hits)} hits of “{self.open.search.query if self.open else ''}” with…"

        def code_all(picked: PickedCode | None) -> None:
            code_id = self._resolve(picked)
            if code_id is not None:
                self.transcript.border_subtitle = f"coding {len(hits)} hits…"
                self._code_hits(document_id, code_id, hits)
            self.transcript.focus()

        self.app.push_screen(CodePicker(self.session.codes, title), code_all)

    @work(thread=True, group="code-hits", exit_on_error=False)
    def _code_hits(self, document_id: str, code_id: str, hits: list[tuple[int, int]]) -> None:
        action = code_ranges(self.session.db_path, self.session.coder, document_id, code_id, hits)
        self.post_message(self.HitsCoded(action, code_id))

    @on(HitsCoded)
    def _hits_coded(self, event: HitsCoded) -> None:
        self.transcript.border_subtitle = ""
        self._show_action(self.session.count(event.action))
        count = len(event.action.changes)
        self.notify(f"Coded {count} hit{'' if count == 1 else 's'} with {self.session.code_name(event.code_id)}; ctrl+z undoes them all.")

    # --- retrieval, progress, visibility ---------------------------------------------------------

    def action_retrieve(self) -> None:
        """Every segment of a code across all testimonies (the code under the cursor first)."""
        under = self._spans_under_cursor()

        self.app.push_screen(RetrievalScreen(self.session, under[0].code_id if under else None), self._jump)

    def _jump(self, place: Jump | None) -> None:
        self.transcript.focus()
        if place is None:
            return
        if place.document_id == self.document_id:
            self.transcript.select_range(place.start, place.end, center=True)
        else:
            self.open_testimony(place.document_id, (place.start, place.end))

    # --- agreement, compare view, adjudication ---------------------------------------------------

    def action_agreement(self) -> None:
        """Open the agreement screen on the default pair of coders (others with `c` there)."""
        with notify_errors(self):
            pairs = self.session.agreement_pairs()

            def chosen(answer: Jump | Adjudicate | None) -> None:
                if isinstance(answer, Adjudicate):
                    self.start_adjudication(answer.first, answer.second)
                elif answer is not None:
                    # A disagreement is read with both codings in view, even while coding blind.
                    self.transcript.focus()
                    if not self.session.compare_view:
                        self.session.compare_view = True
                        pair = self.session.compare_pair()
                        if pair is not None:
                            self.notify(f"Comparing {pair[0]} (background) with {pair[1]} (underlined); v: back.")
                    self.open_testimony(answer.document_id, (answer.start, answer.end))
                else:
                    self._jump(None)

            self.app.push_screen(AgreementScreen(self.session.db_path, self.session.codes, pairs), chosen)

    def action_toggle_compare(self) -> None:
        """Show this coder's spans against another coder's, or go back to the normal view."""
        with notify_errors(self):
            was_comparing = self.session.compare_view
            pair = self.session.toggle_compare()
            if not was_comparing and pair is None:
                self.notify("No other coder has coded anything to compare with.", severity="warning")
                return
            if pair is not None:
                self.notify(f"Comparing {pair[0]} (background) with {pair[1]} (underlined).")
        if self.document_id is not None:
            self.open_testimony(self.document_id, self.transcript.selected_range())

    def action_adjudicate(self) -> None:
        """Adjudicate the pair last compared (else the default pair)."""
        with notify_errors(self):
            pair = self.session.default_pair()
            if pair is None:
                self.notify("Adjudication needs two coders who have coded.", severity="warning")
                return
            self.start_adjudication(*pair)

    def start_adjudication(self, first: str, second: str) -> None:
        """Open adjudication mode for two coders, writing into the consensus coder."""
        with notify_errors(self):
            adjudication = Adjudication(
                self.session.project, first, second, into=self.session.consensus, decided_by=self.session.coder
            )
            self.session.compared = (first, second)

            def back(_: None) -> None:
                if self.document_id is not None:
                    self.open_testimony(self.document_id, self.transcript.selected_range())

            self.app.push_screen(AdjudicationScreen(self.session, adjudication), back)

    def action_toggle_done(self) -> None:
        """Mark this testimony done, or not done."""
        if self.document_id is None:
            return
        done = self.document_id not in self.session.done
        with notify_errors(self):
            self.session.set_done(self.document_id, done)
            self.query_one(TestimonyList).update_progress(self.document_id, self._progress(self.document_id))
            self._update_header()
            self.notify(f"{self.document_id} marked {'done' if done else 'not done'}.")

    def action_toggle_others(self) -> None:
        """Show or hide other coders' spans (hidden by default: blind coding)."""
        self.session.show_others = not self.session.show_others
        self.notify("Showing other coders' spans." if self.session.show_others else "Blind coding: only your spans.")
        self._update_header()
        if self.document_id is not None:
            self.open_testimony(self.document_id, self.transcript.selected_range())

    # --- selecting and moving --------------------------------------------------------------------

    def action_select_unit(self, unit: str) -> None:
        """Select the word, sentence or paragraph at the cursor; with a selection, add the next one."""
        found = self.open.unit_selection(unit, *self.transcript.selected_range()) if self.open is not None else None
        if found is not None:
            self.transcript.select_range(*found)

    def action_jump_span(self, direction: int) -> None:
        """Select the next (1) or previous (-1) span in the text."""
        span = self.open.neighbour(*self.transcript.selected_range(), direction) if self.open is not None else None
        if span is None:
            self.notify("No more spans that way.")
            return
        self.transcript.select_range(span.start, span.end, center=True)

    def action_focus_testimonies(self) -> None:
        """Move to the testimony list."""
        self.query_one(TestimonyList).focus()

    def action_clear(self) -> None:
        """Clear the selection; with none, clear the search."""
        transcript = self.transcript
        start, end = transcript.selected_range()
        if end > start:
            transcript.select_range(transcript.cursor_offset, transcript.cursor_offset)
        elif self.open is not None and self.open.search.query:
            self.open.search.clear()
            self._show_search()
        transcript.focus()

    # --- panels talking upward -------------------------------------------------------------------

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

    def other_worker_failed(self, worker: Worker[object]) -> None:
        """Coding the hits failed."""
        self.transcript.border_subtitle = ""
        report_worker_failure(self, "Coding the hits", worker.error)
