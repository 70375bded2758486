"""The coding screen's link to the codebook: the highlighted code's definition, the codebook screen,
and the spans a split left to recode, stepped through like search hits and recoded with the code keys."""

from __future__ import annotations

from annotator.coding.codebook_view import RecodeList
from annotator.coding.ownership import May
from annotator.domain.models import Span
from annotator.storage import Action
from annotator.tui.dialogs.confirm import ConfirmDialog
from annotator.tui.errors import notify_errors
from annotator.tui.screens.coding.spans import SpanActions
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

    # Coders whose spans the coder agreed (once each, in the confirmation) to recode on this screen.
    _recode_named: set[str] | None = None

    def _recode_list_named(self) -> set[str]:
        if self._recode_named is None:
            self._recode_named = set()
        return self._recode_named

    def _recode_list(self) -> RecodeList:
        return RecodeList(self.session, self._recode_list_named())

    def action_next_recode(self, direction: int) -> None:
        """Select the next (1) or previous (-1) span left to recode by a split (any testimony)."""
        listed = self._recode_list()
        span = listed.step(self.document_id, self.transcript.selected_range()[0], direction)
        if span is None:
            self.notify("No spans left to recode.")
            return
        self._go_to_listed(listed, span)

    def _go_to_listed(self, listed: RecodeList, span: Span) -> None:
        """Select a listed span (opening its testimony) and say whose it is and how many are left."""
        left = len(listed.spans)
        self.notify(
            f"{left} span{'' if left == 1 else 's'} to recode; this is {listed.rule.whose(span.coder)}: "
            "press a code's key (or c) to recode it."
        )
        if span.document_id == self.document_id:
            self.transcript.select_range(span.start, span.end, center=True)
        else:
            self.open_testimony(span.document_id, (span.start, span.end))

    def apply_code(self, code_id: str) -> None:
        """On a span of the to-recode list (selected exactly), recode it and go to the next one,
        asking first (once per coder) when it is another coder's; elsewhere, code the selection."""
        listed = self._recode_list()
        span = listed.at(self.document_id, *self.transcript.selected_range()) if listed.spans else None
        if span is None:
            super().apply_code(code_id)
            return
        if listed.may(span) is not May.ASK:
            self._recode_listed(listed, span, code_id)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                self.notify(f"Not recoded: {listed.rule.whose(span.coder)} stays as it is.")
                return
            self._recode_list_named().add(span.coder)  # not asked again for this coder
            listed.rule.name(span.coder)
            self._recode_listed(listed, span, code_id)

        self.app.push_screen(ConfirmDialog(listed.rule.question(span.coder), yes=f"Recode {span.coder}'s"), answered)

    def _recode_listed(self, listed: RecodeList, span: Span, code_id: str) -> None:
        with notify_errors(self):
            self._show_action(listed.recode(span, code_id))
            following = listed.step(span.document_id, span.start, 1)
            if following is None:
                self.notify(f"Recoded as {self.session.code_name(code_id)}: the to-recode list is done.")
            else:
                self._go_to_listed(listed, following)
