"""The coding screen's link to the codebook: the highlighted code's definition, and the codebook screen."""

from __future__ import annotations

from annotator.storage import Action
from annotator.tui.screens.codebook import CodebookScreen
from annotator.tui.screens.coding_view import CodingView
from annotator.tui.widgets.code_detail import CodeDetail
from annotator.tui.widgets.codebook_panel import CodebookPanel


class CodebookActions(CodingView):
    """Show what the highlighted code means; open the codebook screen and follow what it changes."""

    def _watch_code_detail(self) -> None:
        """Describe the highlighted code under the codebook panel, whenever the highlight moves."""
        panel = self.query_one(CodebookPanel)
        self.watch(panel, "highlighted", self._show_code_detail)

    def _show_code_detail(self) -> None:
        self.query_one(CodeDetail).show_code(self.query_one(CodebookPanel).highlighted_code)

    def action_codebook(self) -> None:
        """Open the codebook screen (edit, merge, move, delete codes)."""
        self.app.push_screen(CodebookScreen(self.session, self.codebook_changed))

    def codebook_changed(self, action: Action) -> None:
        """The codebook screen committed (or undid) a change: codes, colours and spans follow."""
        self._show_codes()
        self._show_action(action)
        self._show_code_detail()
