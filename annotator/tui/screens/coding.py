"""The coding screen: testimonies, text, codebook and spans, and every coding action with its key."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from annotator.agreement.adjudication import Adjudication
from annotator.domain.models import Span
from annotator.storage import Action
from annotator.tui.screens.adjudication import AdjudicationScreen
from annotator.tui.screens.agreement import Adjudicate, AgreementScreen, coder_pairs
from annotator.tui.screens.coding_keys import CODING_BINDINGS
from annotator.tui.screens.memo import MemoEditor
from annotator.tui.screens.picker import CodePicker, PickedCode
from annotator.tui.screens.retrieval import Jump, RetrievalScreen
from annotator.coding.search import find_hits
from annotator.tui.screens.search import SearchPrompt
from annotator.tui.reporting import notify_errors, report_worker_failure
from annotator.coding.session import CodingSession, LoadedDocument, code_ranges, coder_ranking, load_document
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


def _innermost_newest(spans: list[Span]) -> Span:
    """The shortest span; among equally short ones the latest coded (what the coder just did)."""
    shortest = min(span.end - span.start for span in spans)
    return max((span for span in spans if span.end - span.start == shortest), key=lambda span: (span.created_at, span.id))


class CodingScreen(Screen[None]):
    """The main screen; all data changes go through the session and are committed before they show."""

    BINDINGS = CODING_BINDINGS

    @dataclass
    class DocumentLoaded(Message):
        """A load worker finished reading a testimony."""

        loaded: LoadedDocument
        selection: tuple[int, int] | None

    @dataclass
    class HitsCoded(Message):
        """A worker committed the coding of every search hit."""

        action: Action
        code_id: str

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        self.document_id: str | None = None
        self.loaded: LoadedDocument | None = None
        self.requested: str | None = None
        self.search_query = ""
        self.hits: list[tuple[int, int]] = []

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
    def transcript(self) -> Transcript:
        """The text widget."""
        return self.query_one(Transcript)

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
        self.requested = document_id
        self.transcript.border_subtitle = "loading…"
        compare = self.session.compare_pair() if self.session.compare_view else None
        self._load(document_id, self.session.show_others, selection, compare)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(
        self, document_id: str, show_others: bool, selection: tuple[int, int] | None, compare: tuple[str, str] | None
    ) -> None:
        loaded = load_document(self.session.db_path, self.session.coder, document_id, show_others, compare)
        if not get_current_worker().is_cancelled:
            self.post_message(self.DocumentLoaded(loaded, selection))

    @on(DocumentLoaded)
    def _document_loaded(self, event: DocumentLoaded) -> None:
        loaded = event.loaded
        if loaded.document.id != self.requested:
            return  # the coder moved on while it loaded
        self.loaded = loaded
        self.document_id = loaded.document.id
        transcript = self.transcript
        transcript.show_document(loaded, self._colours())
        title = loaded.document.title
        transcript.border_title = loaded.document.id + (f" — {title}" if title and title != loaded.document.id else "")
        transcript.border_subtitle = ""
        self.hits = find_hits(loaded.document.text, self.search_query)
        transcript.set_hits(self.hits)
        if event.selection is not None:
            transcript.select_range(*event.selection, center=True)
        self.query_one(SpansPanel).set_spans(loaded.spans, self.session.codes_by_id, loaded.document.text)
        self.query_one(CodebookPanel).set_counts(loaded.code_counts)
        self.query_one(TestimonyList).mark_current(self.document_id)
        with notify_errors(self):
            self.session.remember(self.document_id)
        self._update_header()
        self._update_status()
        self.refresh_bindings()
        # A long testimony brings hundreds of thousands of long-lived objects (lines, spans, styles);
        # freezing them keeps Python's full garbage collections, which would otherwise rescan them
        # all, from stalling a later key press by tens of milliseconds.
        gc.freeze()

    def _update_header(self) -> None:
        parts = [self.session.coder]
        if self.document_id is not None:
            position = self.session.position(self.document_id) + 1
            parts.append(f"{self.document_id} · {position}/{len(self.session.testimonies)}")
            if self.document_id in self.session.done:
                parts.append("done")
        if self.loaded is not None and self.loaded.primary is not None:
            parts.append("compare")
        else:
            parts.append("others shown" if self.session.show_others else "blind")
        self.sub_title = " · ".join(parts)

    def _progress(self, document_id: str) -> Progress:
        return Progress(self.session.span_counts.get(document_id, 0), document_id in self.session.done)

    def _colours(self) -> dict[str, str]:
        return {code.id: code.colour for code in self.session.codes}

    # --- status ----------------------------------------------------------------------------------

    @on(TextArea.SelectionChanged, "#transcript")
    def _selection_changed(self) -> None:
        self._update_status()

    def _spans_under_cursor(self) -> list[Span]:
        transcript = self.transcript
        offset = transcript.cursor_offset
        found = transcript.spans.at(offset)
        if not found and offset > 0:
            found = transcript.spans.at(offset - 1)
        return found

    def _update_status(self) -> None:
        under = self._spans_under_cursor()
        search = ""
        if self.search_query:
            search = f"“{self.search_query}”: {len(self.hits)} hit{'' if len(self.hits) == 1 else 's'}"
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
        here = [(before, after) for before, after in action.changes if (after or before).document_id == self.document_id]
        if here and self.loaded is not None:
            self.transcript.apply_changes(here)
            self.query_one(SpansPanel).apply_changes(here)
            counts = self.loaded.code_counts
            for before, after in here:
                if before is not None and before.coder == self.session.coder:
                    counts[before.code_id] -= 1
                if after is not None and after.coder == self.session.coder:
                    counts[after.code_id] += 1
            self.query_one(CodebookPanel).set_counts(counts)
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

    def _own_target(self) -> Span | None:
        """The coder's span the span actions work on: the one matching or overlapping the selection,
        else the one under the cursor; the innermost, then the newest."""
        transcript = self.transcript
        coder = self.session.coder
        start, end = transcript.selected_range()
        if end > start:
            candidates = [span for span in transcript.spans.overlapping(start, end) if span.coder == coder]
            exact = [span for span in candidates if (span.start, span.end) == (start, end)]
            candidates = exact or candidates
        else:
            candidates = [span for span in transcript.spans.at(start) if span.coder == coder]
            if not candidates and start > 0:
                candidates = [span for span in transcript.spans.at(start - 1) if span.coder == coder]
        return _innermost_newest(candidates) if candidates else None

    def _target_or_warn(self) -> Span | None:
        target = self._own_target()
        if target is None:
            self.notify(NO_SPAN, severity="warning")
        return target

    def _code_name(self, code_id: str) -> str:
        code = self.session.codes_by_id.get(code_id)
        return code.name if code else code_id

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
        current = self.requested or self.session.testimonies[0].id
        index = self.session.position(current) + step
        if not 0 <= index < len(self.session.testimonies):
            self.notify("This is the last testimony." if step > 0 else "This is the first testimony.")
            return
        self.open_testimony(self.session.testimonies[index].id)

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
            self.query_one(CodebookPanel).set_codes(self.session.codes, self.loaded.code_counts if self.loaded else {})
            self.transcript.set_colours(self._colours())
            self.query_one(SpansPanel).set_codes(self.session.codes_by_id)
            self.notify(f"New code “{code.name}” added to the codebook.")
            return code.id
        return None

    def action_remove_span(self) -> None:
        """Remove the coder's span under the cursor."""
        target = self._target_or_warn()
        if target is not None:
            with notify_errors(self):
                self._show_action(self.session.remove_span(target.id))
                self.notify(f"Removed {self._code_name(target.code_id)} ({target.start}–{target.end}).")

    def action_recode_span(self) -> None:
        """Give the coder's span under the cursor another code."""
        target = self._target_or_warn()
        if target is None:
            return
        title = f"Re-code «{_quote(target.text)}» (now {self._code_name(target.code_id)}) as…"

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
        if target is None:
            return
        units = self.transcript.units
        if direction < 0:
            start = units.previous_start("word", target.start) if target.start > 0 else None
            if start is not None and start >= target.start:
                start = target.start - 1
        else:
            start = units.next_start("word", target.start)
            if start is not None and start >= target.end:
                start = None
        if start is None:
            self.notify("The span's start cannot move further that way.", severity="warning")
            return
        self._resize(target, start, target.end)

    def action_move_end(self, direction: int) -> None:
        """Narrow (-1) or widen (1) the span under the cursor at its end, by a word."""
        target = self._target_or_warn()
        if target is None:
            return
        units = self.transcript.units
        length = self.transcript.lines.text_length
        if direction > 0:
            end = units.next_end("word", target.end) if target.end < length else None
            if end is not None and end <= target.end:
                end = target.end + 1
        else:
            end = units.previous_end("word", target.end)
            if end is not None and end <= target.start:
                end = None
        if end is None:
            self.notify("The span's end cannot move further that way.", severity="warning")
            return
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
        title = f"Memo on {self._code_name(target.code_id)} «{_quote(target.text)}»"

        def save(memo: str | None) -> None:
            if memo is not None and memo != target.memo:
                with notify_errors(self):
                    self._show_action(self.session.set_memo(target.id, memo))
            self.transcript.focus()

        self.app.push_screen(MemoEditor(title, target.memo), save)

    def action_undo(self) -> None:
        """Undo the coder's latest coding action, wherever it was."""
        with notify_errors(self):
            self._after_history(self.session.undo(), "Undone")

    def action_redo(self) -> None:
        """Redo the coder's latest undone action."""
        with notify_errors(self):
            self._after_history(self.session.redo(), "Redone")

    def _after_history(self, action: Action | None, verb: str) -> None:
        if action is None:
            self.notify(f"Nothing to {verb[:-2].lower()}.")
            return
        self._show_action(action)
        before, after = action.changes[0]
        changed = after or before
        assert changed is not None
        place = (changed.start, changed.end)
        self.notify(f"{verb}: {_describe(action)} in {changed.document_id}.")
        if changed.document_id == self.document_id:
            self.transcript.select_range(*place, center=True)
        else:
            self.open_testimony(changed.document_id, place)

    # --- search ----------------------------------------------------------------------------------

    def action_search(self) -> None:
        """Ask for a search term and select its first hit after the cursor."""

        def search(query: str | None) -> None:
            self.transcript.focus()
            if query is None or self.loaded is None:
                return
            self.search_query = query
            self.hits = find_hits(self.loaded.document.text, query)
            self.transcript.set_hits(self.hits)
            self.refresh_bindings()
            self._update_status()
            if query and not self.hits:
                self.notify(f"“{query}” is not in this testimony.", severity="warning")
            elif self.hits:
                self.action_next_hit(1, from_cursor=True)

        self.app.push_screen(SearchPrompt(self.search_query), search)

    def action_next_hit(self, direction: int, from_cursor: bool = False) -> None:
        """Select the next (1) or previous (-1) search hit, wrapping around."""
        if not self.hits:
            return
        start, end = self.transcript.selected_range()
        if from_cursor:
            following = [hit for hit in self.hits if hit[0] >= start]
            hit = following[0] if following else self.hits[0]
        elif direction > 0:
            hit = next((hit for hit in self.hits if hit[0] > start), self.hits[0])
        else:
            hit = next((hit for hit in reversed(self.hits) if hit[0] < start), self.hits[-1])
        self.transcript.select_range(*hit, center=True)

    def action_code_hits(self) -> None:
        """Code every hit of the search with one code, in a worker, as one undoable action."""
        if not self.hits or self.document_id is None:
            return
        hits, document_id = list(self.hits), self.document_id
        title = f"Code all {len(hits)} hits of “{self.search_query}” with…"

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
        self.notify(f"Coded {count} hit{'' if count == 1 else 's'} with {self._code_name(event.code_id)}; ctrl+z undoes them all.")

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
            coders = coder_ranking(self.session.project)
            pairs = coder_pairs(self.session.default_pair(), sorted(coders))

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
        if not self.session.compare_view:
            with notify_errors(self):
                pair = self.session.compare_pair()
                if pair is None:
                    self.notify("No other coder has coded anything to compare with.", severity="warning")
                    return
                self.notify(f"Comparing {pair[0]} (background) with {pair[1]} (underlined).")
        self.session.compare_view = not self.session.compare_view
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
        transcript = self.transcript
        start, end = transcript.selected_range()
        found = transcript.units.extend(unit, start, end) if end > start else transcript.units.around(unit, start)
        if found is not None:
            transcript.select_range(*found)

    def action_jump_span(self, direction: int) -> None:
        """Select the next (1) or previous (-1) span in the text."""
        span = self.query_one(SpansPanel).neighbour(*self.transcript.selected_range(), direction)
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
        elif self.search_query:
            self.search_query = ""
            self.hits = []
            transcript.set_hits([])
            self.refresh_bindings()
            self._update_status()
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

    # --- workers ---------------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures are reported (as a notification)."""
        if event.state != WorkerState.ERROR:
            return
        self.transcript.border_subtitle = ""
        if event.worker.group == "load":
            self.requested = self.document_id  # stepping goes on from the testimony on screen
        what = "Opening the testimony" if event.worker.group == "load" else "Coding the hits"
        report_worker_failure(self, what, event.worker.error)


def _describe(action: Action) -> str:
    count = len(action.changes)
    return f"{count} span change{'' if count == 1 else 's'}"
