"""The partner picker: which coder to compare with, each with their spans here and overall."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from annotator.coding.pairs import Partner, PartnerChoice
from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("partner_picker.", show=True)


def partner_prompt(partner: Partner) -> Content:
    """`alice  4 here · 6 overall` (a reference coding or a consensus said so after it)."""
    kind = " · reference coding" if partner.reference else " · consensus" if partner.consensus else ""
    return Content.assemble(
        (partner.coder, "bold"), (f"  {partner.here} here · {partner.overall} overall{kind}", "$text-muted")
    )


class PartnerPicker(ModalScreen[tuple[str, str] | None]):
    """The coders to compare with, people first, the likely partner highlighted; enter picks the
    pair (anchor, partner), escape cancels."""

    DEFAULT_CSS = """
    PartnerPicker #partner-options {
        height: auto;
        max-height: 16;
    }
    """

    BINDINGS = [_keys("escape", "cancel", "Cancel", "cancel", "Close without comparing.")]

    def __init__(self, choice: PartnerChoice, purpose: str) -> None:
        super().__init__()
        self.choice = choice
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        """A title and the coders."""
        with Vertical(id="partner-picker", classes="dialog"):
            yield Label(f"{self.purpose}: compare {self.choice.anchor} with…", classes="dialog-title")
            yield OptionList(
                *(Option(partner_prompt(partner)) for partner in self.choice.partners), id="partner-options"
            )
            if self.choice.default is None:
                yield Label("No other person has coded: pick a reference coding or a consensus.", classes="dialog-hint")

    def on_mount(self) -> None:
        """The list takes the keys, on the likely partner (none when there is no other person)."""
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = self.choice.default

    def action_cancel(self) -> None:
        """Close without a partner."""
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#partner-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choice.pair(self.choice.partners[event.option_index]))
