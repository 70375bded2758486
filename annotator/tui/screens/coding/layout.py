"""The coding screen's layout keys and their wiring: panel widths from `annotator.coding.layout`, applied on resize."""

from __future__ import annotations

from textual import events
from textual.binding import BindingType
from textual.widget import Widget

from annotator.coding.layout import TEXT_MIN, Layout, Panel, PanelChoice, plan_layout
from annotator.tui.bindings import KeyGroup
from annotator.tui.screens.coding.view import CodingView

_keys = KeyGroup()

LAYOUT_BINDINGS: list[BindingType] = [
    _keys(
        "T",
        "toggle_panel('testimonies')",
        "Testimony list",
        "toggle_testimonies",
        "Show or hide the testimony list (on a narrow terminal it takes the codebook's place).",
    ),
    _keys(
        "P",
        "toggle_panel('side')",
        "Codebook panels",
        "toggle_side",
        "Show or hide the codebook and spans (on a narrow terminal they take the testimony list's place).",
    ),
    _keys(
        "W",
        "widen_panels",
        "Wider panels",
        "widen_panels",
        f"Widen the codebook and spans a step (the text keeps {TEXT_MIN} columns); after the widest, back.",
    ),
]

PANEL_IDS = {Panel.TESTIMONIES: "#testimonies", Panel.SIDE: "#side"}
# What the screen says when a panel the coder asked for had to give way to the text.
HIDDEN_NOTES = {
    Panel.TESTIMONIES: "Testimony list hidden to keep the text readable: T shows it again.",
    Panel.SIDE: "Codebook and spans hidden to keep the text readable: P shows them again.",
}

# What the screen says once, as it opens, about a panel the terminal had no room for.
START_HINTS = {
    Panel.TESTIMONIES: "The testimony list is behind T (no room for it beside the text at this width).",
    Panel.SIDE: "The codebook and spans are behind P (no room for them beside the text at this width).",
}
HINT_SECONDS = 12


class LayoutActions(CodingView):
    """Keys that show, hide and widen the panels beside the text; the widths come from `plan_layout`.

    The keys are this class's own (merged into the coding screen's by Textual), so the help screen
    lists them in a section of their own.
    """

    BINDINGS = LAYOUT_BINDINGS

    panel_choice = PanelChoice()
    panel_layout = Layout(testimonies=0, side=0, text=0)

    def on_resize(self, event: events.Resize) -> None:
        """The terminal changed size: share it out again."""
        self.apply_layout()

    def apply_layout(self) -> Layout:
        """Size the panels for the terminal and the coder's choice; returns the layout applied."""
        width, height = self.app.size
        layout = plan_layout(width, height, self.panel_choice)
        self.panel_layout = layout
        self.query_one("#work").set_class(layout.stacked, "stacked")
        testimonies = self.query_one(PANEL_IDS[Panel.TESTIMONIES])
        testimonies.display = layout.shows(Panel.TESTIMONIES)
        testimonies.styles.width = layout.testimonies or None
        side = self.query_one(PANEL_IDS[Panel.SIDE])
        side.display = layout.shows(Panel.SIDE)
        # Stacked, the side panels span the text's column (1fr in app.tcss) and take some of its lines.
        side.styles.width = None if layout.stacked else layout.side or None
        side.styles.height = layout.side_height if layout.stacked else None
        if self.focused is not None and not self._on_screen(self.focused):
            self.transcript.focus()
        return layout

    def hint_hidden_panels(self) -> None:
        """Say once, as the screen opens, which panel had no room and the key that shows it."""
        for panel in self.panel_layout.collapsed:
            self.notify(START_HINTS[panel], timeout=HINT_SECONDS)

    def reveal(self, panel: Panel) -> None:
        """Show a panel the coder asked for (a key that works in it), if it is hidden."""
        if not self.panel_layout.shows(panel):
            self.action_toggle_panel(panel)

    def action_toggle_panel(self, name: str) -> None:
        """Show or hide the testimony list (`testimonies`) or the codebook and spans (`side`)."""
        panel = Panel(name)
        self.panel_choice = self.panel_choice.toggled(panel, self.panel_layout)
        layout = self.apply_layout()
        if not self.panel_choice.wants(panel):
            return  # hidden: its room went to the text
        if not layout.shows(panel):
            self.notify(f"No room for the {panel.label} beside {TEXT_MIN} columns of text.", severity="warning")
            return
        for other in layout.collapsed:  # what gave way to the panel just shown
            self.notify(HIDDEN_NOTES[other])

    def action_widen_panels(self) -> None:
        """Widen the codebook and spans one step (after the widest, back to their usual width)."""
        before = self.panel_layout.side
        self.panel_choice = self.panel_choice.widened()
        layout = self.apply_layout()
        if self.panel_choice.wider == 0:
            self.notify("Codebook and spans at their usual width.")
        elif layout.side == before:
            self.notify(f"No room to widen the codebook and spans: the text keeps {TEXT_MIN} columns.")

    def _on_screen(self, widget: Widget) -> bool:
        """Whether the widget and every container around it are displayed."""
        node: Widget | None = widget
        while isinstance(node, Widget) and node is not self:
            if not node.display:
                return False
            node = node.parent if isinstance(node.parent, Widget) else None
        return True
