"""The coding screen's legend key: which code each coloured stretch in view has, without moving the cursor."""

from __future__ import annotations

from annotator.tui.screens.coding.view import CodingView
from annotator.tui.widgets.code_legend import CodeLegend


class LegendActions(CodingView):
    """Shows or hides the legend; `CodingView` keeps it to the rows in view as the cursor, the text and the spans change."""

    def on_mount(self) -> None:
        """Follow the text's scrolling too (a mouse wheel moves the view, not the cursor)."""
        self.watch(self.transcript, "scroll_y", self._update_legend, init=False)

    def action_toggle_legend(self) -> None:
        """Show the legend, or hide it."""
        legend = self.query_one(CodeLegend)
        legend.display = not legend.display
        self._update_legend()
