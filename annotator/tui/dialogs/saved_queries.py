"""The query screen's saved-query dialogs: a picker of the project's saved queries, and a name to save one under."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.storage.saved_queries import SavedQuery
from annotator.tui.bindings import KeyGroup

_picker_keys = KeyGroup("saved_query_picker.", show=True)
_name_keys = KeyGroup("query_name.", show=True)


def saved_prompt(saved: SavedQuery) -> Content:
    """`watching  surveillance OR informants` and, muted, who saved it."""
    return Content.assemble((saved.name, "bold"), "  ", saved.expression, (f"  saved by {saved.coder}", "$text-muted"))


class SavedQueryPicker(ModalScreen[SavedQuery | None]):
    """The project's saved queries by name; enter opens one (and runs it), escape cancels."""

    DEFAULT_CSS = """
    SavedQueryPicker #saved-query-options {
        height: auto;
        max-height: 16;
    }
    """

    BINDINGS = [_picker_keys("escape", "cancel", "Cancel", "cancel", "Close without opening a saved query.")]

    def __init__(self, saved: list[SavedQuery]) -> None:
        super().__init__()
        self.saved = saved

    def compose(self) -> ComposeResult:
        """A title and the saved queries."""
        with Vertical(id="saved-query-picker", classes="dialog"):
            yield Label("Open a saved query", classes="dialog-title")
            yield OptionList(*(Option(saved_prompt(saved)) for saved in self.saved), id="saved-query-options")

    def on_mount(self) -> None:
        """The list takes the keys."""
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        """Close without a saved query."""
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#saved-query-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.saved[event.option_index])


class QueryNamePrompt(ModalScreen[str | None]):
    """The name to save the query under; enter saves, escape cancels."""

    BINDINGS = [_name_keys("escape", "cancel", "Cancel", "cancel", "Close without saving the query.")]

    def __init__(self, expression: str) -> None:
        super().__init__()
        self.expression = expression

    def compose(self) -> ComposeResult:
        """A title, the name and a hint."""
        with Vertical(id="query-name", classes="dialog"):
            yield Label(Content.assemble("Save ", (self.expression, "bold"), " as"), classes="dialog-title")
            yield Input(placeholder="watching", id="query-name-input")
            yield Label("a name; use it in other queries as @name (ctrl+z undoes the saving)", classes="dialog-hint")

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @on(Input.Submitted, "#query-name-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
