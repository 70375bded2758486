"""Where two coders differ, three lines each (place and codes, the quoted text): any number of them."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from textual.content import Content

from annotator.agreement import Disagreement
from annotator.domain.models import Code
from annotator.tui.widgets.row_list import RowList, RowListMessage

QUOTE_CHARACTERS = 160


def disagreement_prompt(item: Disagreement, codes: dict[str, Code]) -> Content:
    """`A · 38–41  tester: Bribery  alice: not coded` over the quoted text."""
    parts: list[str | tuple[str, str]] = [(item.document_id, "bold"), (f" · {item.start}–{item.end}", "$text-muted")]
    for coder, code_ids in item.codes.items():
        names = ", ".join(codes[code].name if code in codes else code for code in code_ids) or "not coded"
        parts += [f"  {coder}: ", (names, "italic")]
    quote = " ".join((item.text or "").split())
    if len(quote) > QUOTE_CHARACTERS:
        quote = quote[: QUOTE_CHARACTERS - 1] + "…"
    parts += ["\n", f"«{quote}»"]
    return Content.assemble(*parts)


class DisagreementList(RowList):
    """The disagreements of one code (or all), drawn only as they scroll into view: a large project
    has tens of thousands, which Textual's OptionList would measure, all of them, before showing one."""

    ROW_HEIGHT = 3  # the place and codes, then up to two lines of quote

    @dataclass
    class Chosen(RowListMessage):
        """The user chose a disagreement to go to."""

        disagreement: Disagreement

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.disagreements: list[Disagreement] = []
        self._codes: dict[str, Code] = {}
        self._generation = 0  # part of each row's cache key: a new list draws anew

    def set_disagreements(self, disagreements: list[Disagreement], codes: dict[str, Code]) -> None:
        """Show these disagreements, the first highlighted."""
        self.disagreements = disagreements
        self._codes = codes
        self._generation += 1
        self.highlighted = None
        self.rows_changed()
        self.highlighted = 0 if disagreements else None

    def row_count(self) -> int:
        """One row per disagreement."""
        return len(self.disagreements)

    def row_key(self, row: int) -> Hashable:
        """The list shown and the row."""
        return (self._generation, row)

    def row_content(self, row: int) -> Content:
        """Place, who coded what, the text."""
        return disagreement_prompt(self.disagreements[row], self._codes)

    def empty_content(self) -> Content:
        """No disagreement (or none read yet)."""
        return Content.styled("No disagreements here.", "$text-muted")

    def choose(self, row: int) -> None:
        """Tell the screen."""
        self.post_message(self.Chosen(self, self.disagreements[row]))
