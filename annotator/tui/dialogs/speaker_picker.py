"""The speaker picker: which speaker's (or role's) turns to code, each with its turn count."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from annotator.coding.turns import Group
from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("speaker_picker.", show=True)


def group_prompt(group: Group) -> Content:
    """`Mira Lee  2 turns` (a role as `role: participant`)."""
    count = len(group.turns)
    name = group.name if group.kind == "speaker" else f"role: {group.name}"
    return Content.assemble((name, "bold"), (f"  {count} turn{'' if count == 1 else 's'}", "$text-muted"))


class SpeakerPicker(ModalScreen[Group | None]):
    """The testimony's speakers, then its roles; enter picks one, escape cancels."""

    DEFAULT_CSS = """
    SpeakerPicker #speaker-options {
        height: auto;
        max-height: 16;
    }
    """

    BINDINGS = [_keys("escape", "cancel", "Cancel", "cancel", "Close without coding any turns.")]

    def __init__(self, groups: list[Group], title: str) -> None:
        super().__init__()
        self.groups = groups
        self.title_text = title

    def compose(self) -> ComposeResult:
        """A title and the speakers."""
        with Vertical(id="speaker-picker", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(group_prompt(group)) for group in self.groups), id="speaker-options")

    def on_mount(self) -> None:
        """The list takes the keys."""
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        """Close without a speaker."""
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#speaker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.groups[event.option_index])
