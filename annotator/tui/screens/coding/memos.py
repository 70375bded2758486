"""The coding screen's memo keys: the memo of the testimony on screen or of the highlighted code, written
without leaving the screen; the memo browser and the summary grid, opened from here."""

from __future__ import annotations

from annotator.coding.memo_browser import own_memo, write_memo
from annotator.domain.memos import MemoKind
from annotator.storage import Action
from annotator.tui.dialogs.memo import MemoEditor
from annotator.tui.errors import notify_errors
from annotator.tui.screens.coding.compare import CompareActions
from annotator.tui.widgets.codebook_panel import CodebookPanel


class MemoActions(CompareActions):
    """Keys that write a testimony's or a code's memo, or open the memo browser or the summary grid."""

    def action_testimony_memo(self) -> None:
        """Write or change your memo on the testimony on screen."""
        if self.document_id is None:
            return
        self._write_memo("document", f"Memo on testimony {self.document_id}", document_id=self.document_id)

    def action_code_memo(self) -> None:
        """Write or change your memo on the code highlighted in the codebook panel."""
        code = self.query_one(CodebookPanel).highlighted_code
        if code is None:
            self.notify(
                "Highlight a code in the codebook panel first: tab to the panel, then ↑ ↓ (P shows it when hidden).",
                severity="warning",
            )
            return
        self._write_memo("code", f"Memo on code {code.name}", code_id=code.id)

    def _write_memo(
        self, kind: MemoKind, title: str, *, document_id: str | None = None, code_id: str | None = None
    ) -> None:
        """Open the memo editor on the coder's own memo of a thing; save it (empty: remove it) as one action."""
        own = None
        with notify_errors(self):
            own = own_memo(self.session, kind, document_id, code_id)
        if own is None:
            title += " (new; escape leaves it unwritten)"

        def save(text: str | None) -> None:
            self.transcript.focus()
            if text is None or text == (own.text if own is not None else ""):
                return

            def written(action: Action | None) -> None:
                if action is not None:
                    self.notify(f"{title.split(' (')[0]}: {'saved' if text else 'removed'} (ctrl+z undoes it).")

            self.writes.submit(
                self, "memo", lambda: write_memo(self.session, own, text, kind, document_id, code_id), written
            )

        self.app.push_screen(MemoEditor(title, own.text if own is not None else ""), save)

    def action_memos(self) -> None:
        """Every memo of the project: filter, read, edit, remove, go to what one is on."""
        from annotator.tui.screens.memos import MemoBrowserScreen

        self.app.push_screen(MemoBrowserScreen(self.session, self._memo_screen_action), self._jump)

    def action_summary_grid(self) -> None:
        """Testimonies (or attribute values) by codes: each cell's count, quotes and summary."""
        from annotator.tui.screens.summary_grid import SummaryGridScreen

        self.app.push_screen(SummaryGridScreen(self.session, self._memo_screen_action), self._jump)

    def _memo_screen_action(self, action: Action) -> None:
        """An action the grid or the browser committed or undid: shown here too (an undone span, a code)."""
        if action.touches("code"):
            self._show_codes()
        self._show_action(action)
