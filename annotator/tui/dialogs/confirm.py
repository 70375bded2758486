"""A yes/no question asked before an action the coder should mean (recoding another coder's spans)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from annotator.tui.bindings import KeyGroup

_confirm_keys = KeyGroup("confirm.", show=True)


class ConfirmDialog(ModalScreen[bool]):
    """The question and two answers: `y` (or the Yes button) goes ahead, `n` or escape does not."""

    DEFAULT_CSS = """
    ConfirmDialog #confirm-buttons {
        height: auto;
    }
    ConfirmDialog #confirm-buttons Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        _confirm_keys("y", "answer(True)", "Yes", "yes", "Go ahead (confirmation)."),
        _confirm_keys("n,escape", "answer(False)", "No", "no", "Do nothing (confirmation)."),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        """The question, then Yes and No."""
        with Vertical(id="confirm", classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button("No", id="no", variant="primary")
            yield Label("y answers yes · n or escape no", classes="dialog-hint")

    def on_mount(self) -> None:
        """No is focused: enter alone never changes someone else's work."""
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
