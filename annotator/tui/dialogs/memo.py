"""The memo editor: write or change a memo (on a span, a testimony, a code or a grid cell)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("memo.", show=True)


class MemoEditor(ModalScreen[str | None]):
    """A small text box; ctrl+s saves the memo, escape leaves it as it was."""

    DEFAULT_CSS = """
    MemoEditor #memo-text {
        height: 8;
    }
    """

    BINDINGS = [
        _keys("ctrl+s", "save", "Save memo", "save", "Save the memo (on the span, testimony or code)."),
        _keys("escape", "cancel", "Cancel", "cancel", "Close without changing the memo."),
    ]

    def __init__(self, title: str, memo: str) -> None:
        super().__init__()
        self.title_text = title
        self.memo = memo

    def compose(self) -> ComposeResult:
        """A title and the memo text."""
        with Vertical(id="memo", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(self.memo, id="memo-text", soft_wrap=True)
            yield Label("ctrl+s save · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        """Put the cursor at the end of the memo."""
        editor = self.query_one("#memo-text", TextArea)
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        """Return the memo, trimmed."""
        self.dismiss(self.query_one("#memo-text", TextArea).text.strip())

    def action_cancel(self) -> None:
        """Return nothing: the memo stays as it was."""
        self.dismiss(None)
