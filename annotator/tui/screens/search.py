"""Search: the prompt for a search term, and finding its hits in a testimony."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


def find_hits(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of `query` in `text`, as sorted non-overlapping ranges.

    A regex with IGNORECASE rather than `text.lower().find()`: lower-casing can change a text's
    length (e.g. 'İ'), which would shift every offset after it.
    """
    if not query:
        return []
    return [match.span() for match in re.finditer(re.escape(query), text, re.IGNORECASE)]


class SearchPrompt(ModalScreen[str | None]):
    """Ask for a search term; enter searches, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="search.cancel", tooltip="Close without searching.")]

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
