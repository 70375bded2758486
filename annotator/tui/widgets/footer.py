"""The footer: the key to the help screen always shows, however narrow the terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

HELP_ACTION = "help"  # the app's binding (id `help`, f1 and ?)


class HelpFirstFooter(Footer):
    """The footer with the help key docked at its left edge: the keys after it are what a narrow
    terminal cuts, never the way to the rest of them."""

    DEFAULT_CSS = """
    HelpFirstFooter .-help {
        dock: left;
    }
    """

    def compose(self) -> ComposeResult:
        """The footer's keys, the help key marked to sit first."""
        for widget in super().compose():
            if getattr(widget, "action", None) == HELP_ACTION:
                widget.add_class("-help")
            yield widget
