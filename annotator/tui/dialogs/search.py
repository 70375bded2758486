"""Search: the prompt for a search term (the hits are found by `annotator.coding.search`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("search.", show=True)


class SearchPrompt(ModalScreen[str | None]):
    """Ask for a search term; enter searches, escape cancels."""

    BINDINGS = [_keys("escape", "cancel", "Cancel", "cancel", "Close without searching.")]

    def __init__(self, previous: str = "") -> None:
        super().__init__()
        self.previous = previous

    def compose(self) -> ComposeResult:
        """A title and the search box."""
        with Vertical(id="search", classes="dialog"):
            yield Label("Search this testimony (n next, N previous, a codes every hit)", classes="dialog-title")
            yield Input(value=self.previous, placeholder="Words to find…", id="search-query")

    def action_cancel(self) -> None:
        """Close without searching."""
        self.dismiss(None)

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
