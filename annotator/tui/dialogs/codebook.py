"""The codebook screen's dialogs: the code form (every field of a code) and the delete confirmation."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from annotator.domain.models import Code, CodeExample
from annotator.tui.bindings import KeyGroup

# The form's fields: the Code field each edits, its label and its lines on screen (one: a one-line
# input; more: a multi-line one, since a definition and its rules are paragraphs).
FORM_FIELDS = (
    ("name", "Name", 1),
    ("definition", "Definition", 3),
    ("include", "Use when", 2),
    ("exclude", "Not when", 2),
    ("key", "Key 0-9", 1),
    ("colour", "Colour", 1),
)

_form_keys = KeyGroup("code_form.", show=True)
_delete_keys = KeyGroup("delete_code.", show=True)


def examples_from_lines(text: str, current: tuple[CodeExample, ...]) -> tuple[CodeExample, ...]:
    """One example per non-empty line; a line equal to an existing quote keeps that example's document."""
    kept = {example.quote.strip(): example for example in current}
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return tuple(kept.get(line) or CodeExample(quote=line) for line in lines)


class CodeForm(ModalScreen[dict[str, Any] | None]):
    """One row per field and the examples one per line; ctrl+s saves, escape leaves the code as it was."""

    DEFAULT_CSS = """
    CodeForm .code-form-row {
        height: auto;
    }
    CodeForm .code-form-label {
        width: 11;
        color: $text-muted;
    }
    CodeForm #code-form-examples {
        height: 4;
    }
    """

    BINDINGS = [
        _form_keys("ctrl+s", "save", "Save code", "save", "Save the code's fields and examples."),
        _form_keys("escape", "cancel", "Cancel", "cancel", "Close without changing the code."),
    ]

    def __init__(self, code: Code) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        """A title, a labelled input per field (multi-line for the definition and rules), then the
        examples (fits 80x24)."""
        with Vertical(id="code-form", classes="dialog"):
            yield Label(f"Edit the code {self.code.id}", classes="dialog-title")
            for name, label, lines in FORM_FIELDS:
                value = getattr(self.code, name) or ""
                with Horizontal(classes="code-form-row"):
                    yield Label(label, classes="code-form-label")
                    if lines == 1:
                        yield Input(value, id=f"code-form-{name}", compact=True)
                    else:
                        field = TextArea(value, id=f"code-form-{name}", soft_wrap=True, compact=True)
                        field.styles.height = lines
                        yield field
            yield Label("Examples, one quotation per line", classes="dialog-hint")
            quotes = "\n".join(example.quote for example in self.code.examples)
            yield TextArea(quotes, id="code-form-examples", soft_wrap=True, compact=True)
            yield Label("ctrl+s saves (enter too, in a one-line field) · esc cancels", classes="dialog-hint")

    def action_save(self) -> None:
        """Return the fields the coder changed (an empty key: no key), examples included."""
        values: dict[str, Any] = {}
        for name, _, _ in FORM_FIELDS:
            value = self._typed(name)
            if value != (getattr(self.code, name) or "").strip():
                values[name] = value or None if name == "key" else value
        examples = examples_from_lines(self.query_one("#code-form-examples", TextArea).text, self.code.examples)
        if examples != self.code.examples:
            values["examples"] = examples
        self.dismiss(values or None)

    def _typed(self, name: str) -> str:
        """What a field holds now, trimmed (a multi-line field keeps its inner line breaks)."""
        field = self.query_one(f"#code-form-{name}")
        return (field.text if isinstance(field, TextArea) else field.value if isinstance(field, Input) else "").strip()

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

    DEFAULT_CSS = """
    DeleteConfirm #delete-buttons {
        height: auto;
    }
    DeleteConfirm #delete-buttons Button {
        margin-right: 2;
    }
    """

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
