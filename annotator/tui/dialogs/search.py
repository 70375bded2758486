"""Search: the prompt for a search term and its options (the hits are found by `annotator.coding.search`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet

from annotator.coding.search import WIDENINGS, SearchTerms
from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("search.", show=True)
# What each widening is called in the prompt.
_WIDEN_LABELS = {"": "the hits", "sentence": "sentences", "paragraph": "paragraphs", "turn": "turns"}


class SearchPrompt(ModalScreen[SearchTerms | None]):
    """Ask for a search term and how it matches; enter searches, escape cancels."""

    DEFAULT_CSS = """
    SearchPrompt #search-options { height: auto; }
    SearchPrompt Checkbox { margin-right: 2; }
    SearchPrompt RadioSet { layout: horizontal; width: 1fr; }
    """

    BINDINGS = [
        _keys("escape", "cancel", "Cancel", "cancel", "Close without searching."),
        _keys("alt+w", "flip('whole_words')", "Whole words", "whole_words", "Match whole words only."),
        _keys("alt+c", "flip('match_case')", "Match case", "match_case", "Match upper and lower case as typed."),
    ]

    def __init__(self, previous: SearchTerms | None = None, *, turns: bool = False) -> None:
        super().__init__()
        self.previous = previous or SearchTerms()
        self.turns = turns  # whether the testimony has speaker turns to widen hits to

    def compose(self) -> ComposeResult:
        """A title, the search box, the match options and what code-all-hits codes."""
        previous = self.previous
        with Vertical(id="search", classes="dialog"):
            yield Label("Search this testimony (n next, N previous, a codes every hit)", classes="dialog-title")
            yield Input(value=previous.query, placeholder="Words to find…", id="search-query")
            with Horizontal(id="search-options"):
                yield Checkbox("Whole words", previous.whole_words, id="whole_words", compact=True)
                yield Checkbox("Match case", previous.match_case, id="match_case", compact=True)
            yield Label("a codes each hit as:", classes="dialog-hint")
            with RadioSet(id="widen", compact=True):
                for unit in WIDENINGS:
                    if unit != "turn" or self.turns:
                        yield RadioButton(_WIDEN_LABELS[unit], previous.widen == unit, name=unit, compact=True)
            yield Label("tab to the options, space or enter to change one; alt+w, alt+c", classes="dialog-hint")

    def action_cancel(self) -> None:
        """Close without searching."""
        self.dismiss(None)

    def action_flip(self, option: str) -> None:
        """Turn a match option on or off without leaving the search box."""
        self.query_one(f"#{option}", Checkbox).toggle()

    def terms(self) -> SearchTerms:
        """The terms as the prompt shows them now."""
        pressed = self.query_one(RadioSet).pressed_button
        return SearchTerms(
            self.query_one("#search-query", Input).value,
            whole_words=self.query_one("#whole_words", Checkbox).value,
            match_case=self.query_one("#match_case", Checkbox).value,
            widen=(pressed.name or "") if pressed is not None else "",
        )

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        self.dismiss(self.terms())

    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _option_changed(self) -> None:
        """Back to the search box, where enter searches."""
        self.query_one("#search-query", Input).focus()
