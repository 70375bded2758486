"""The codebook screen's dialogs: the code form (name, definition, key, colour) and the delete confirmation."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from annotator.domain.models import Code
from annotator.tui.bindings import KeyGroup

# The form's fields: the Code field each input edits and its label.
FORM_FIELDS = (("name", "Name"), ("definition", "Definition"), ("key", "Key (0-9, empty: none)"), ("colour", "Colour"))

_form_keys = KeyGroup("code_form.", show=True)
_delete_keys = KeyGroup("delete_code.", show=True)


class CodeForm(ModalScreen[dict[str, str | None] | None]):
    """One input per field; enter or ctrl+s saves the values, escape leaves the code as it was."""

    BINDINGS = [
        _form_keys("ctrl+s", "save", "Save code", "save", "Save the code's name, definition, key and colour."),
        _form_keys("escape", "cancel", "Cancel", "cancel", "Close without changing the code."),
    ]

    def __init__(self, code: Code) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        """A title, then a label and an input per field."""
        with Vertical(id="code-form", classes="dialog"):
            yield Label(f"Edit the code {self.code.id}", classes="dialog-title")
            for name, label in FORM_FIELDS:
                yield Label(label, classes="dialog-hint")
                yield Input(getattr(self.code, name) or "", id=f"code-form-{name}")
            yield Label("enter / ctrl+s save · escape cancel", classes="dialog-hint")

    def action_save(self) -> None:
        """Return each field's value (an empty key: no key)."""
        values: dict[str, str | None] = {
            name: self.query_one(f"#code-form-{name}", Input).value.strip() for name, _ in FORM_FIELDS
        }
        values["key"] = values["key"] or None
        self.dismiss(values)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        """Return nothing: the code stays as it was."""
        self.dismiss(None)


# What the delete confirmation answers: its buttons' ids.
DELETE, RECODE, WITH_SPANS = "delete", "recode", "with-spans"


class DeleteConfirm(ModalScreen[str | None]):
    """Asks before a code goes; with spans, offers to recode them to another code or delete them too."""

    BINDINGS = [_delete_keys("escape", "cancel", "Cancel", "cancel", "Keep the code.")]

    def __init__(self, question: str, spans: int) -> None:
        super().__init__()
        self.question = question
        self.spans = spans

    def compose(self) -> ComposeResult:
        """The question and the answers."""
        with Vertical(id="delete-confirm", classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(id="delete-buttons"):
                if self.spans:
                    yield Button("Recode to…", id=RECODE, variant="primary")
                    yield Button(f"Delete with its {self.spans} span(s)", id=WITH_SPANS, variant="error")
                else:
                    yield Button("Delete", id=DELETE, variant="error")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_cancel(self) -> None:
        """Keep the code."""
        self.dismiss(None)
