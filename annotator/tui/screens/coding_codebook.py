"""The coding screen's link to the codebook: the highlighted code's definition, the codebook screen,
and the spans a split left to recode, stepped through like search hits and recoded with the code keys."""

from __future__ import annotations

from annotator.coding.codebook_view import RecodeList
from annotator.storage import Action
from annotator.tui.reporting import notify_errors
from annotator.tui.screens.coding_spans import SpanActions
from annotator.tui.widgets.code_detail import CodeDetail
from annotator.tui.widgets.codebook_panel import CodebookPanel


class CodebookActions(SpanActions):
    """Show what the highlighted code means; open the codebook screen and follow what it changes;
    step through the to-recode list, where a code key recodes the listed span instead of adding one."""

    def _watch_code_detail(self) -> None:
        """Describe the highlighted code under the codebook panel, whenever the highlight moves."""
        panel = self.query_one(CodebookPanel)
        self.watch(panel, "highlighted", self._show_code_detail)

    def _show_code_detail(self) -> None:
        self.query_one(CodeDetail).show_code(self.query_one(CodebookPanel).highlighted_code)

    def action_codebook(self) -> None:
        """Open the codebook screen (edit, merge, move, delete codes)."""
        from annotator.tui.screens.codebook import CodebookScreen  # imported when first opened

        self.app.push_screen(CodebookScreen(self.session, self.codebook_changed))

    def codebook_changed(self, action: Action) -> None:
        """The codebook screen committed (or undid) a change: codes, colours and spans follow."""
        self._show_codes()
        self._show_action(action)
        self._show_code_detail()

    # --- the to-recode list ----------------------------------------------------------------------

    def action_next_recode(self, direction: int) -> None:
        """Select the next (1) or previous (-1) span left to recode by a split (any testimony)."""
        listed = RecodeList(self.session)
        span = listed.step(self.document_id, self.transcript.selected_range()[0], direction)
        if span is None:
            self.notify("No spans left to recode.")
            return
        self._go_to_listed(span.document_id, (span.start, span.end), len(listed.spans))

    def _go_to_listed(self, document_id: str, place: tuple[int, int], left: int) -> None:
        self.notify(f"{left} span{'' if left == 1 else 's'} to recode: press a code's key (or c) to recode.")
        if document_id == self.document_id:
            self.transcript.select_range(*place, center=True)
        else:
            self.open_testimony(document_id, place)

    def apply_code(self, code_id: str) -> None:
        """On a span of the to-recode list (selected exactly), recode it and go to the next one;
        elsewhere, code the selection."""
        listed = RecodeList(self.session)
        span = listed.at(self.document_id, *self.transcript.selected_range()) if listed.spans else None
        if span is None:
            super().apply_code(code_id)
            return
        with notify_errors(self):
            self._show_action(listed.recode(span, code_id))
            following = listed.step(span.document_id, span.start, 1)
            if following is None:
                self.notify(f"Recoded as {self.session.code_name(code_id)}: the to-recode list is done.")
            else:
                self._go_to_listed(following.document_id, (following.start, following.end), len(listed.spans))
