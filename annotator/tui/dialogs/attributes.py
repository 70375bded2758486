"""The attributes prompt: a testimony's attributes as KEY=VALUE words, to be edited in one line."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("attributes.", show=True)


class AttributesPrompt(ModalScreen[str | None]):
    """Edit the words `KEY=VALUE ...` (quote a value with spaces; a word left out is unset); enter saves."""

    BINDINGS = [_keys("escape", "cancel", "Cancel", "cancel", "Close without changing the attributes.")]

    def __init__(self, document_id: str, typed: str) -> None:
        super().__init__()
        self.document_id = document_id
        self.typed = typed

    def compose(self) -> ComposeResult:
        """A title, the words and a hint."""
        with Vertical(id="attributes", classes="dialog"):
            yield Label(f"Attributes of {self.document_id}", classes="dialog-title")
            yield Input(value=self.typed, placeholder='gender=Female "country=South Korea"', id="attributes-words")
            yield Label("KEY=VALUE words; quote values with spaces; leave one out to unset it", classes="dialog-hint")

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    @on(Input.Submitted, "#attributes-words")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
