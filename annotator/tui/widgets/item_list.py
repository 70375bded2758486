"""The adjudication items, one line each, with the choice in effect: a list for tens of thousands."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from textual.content import Content

from annotator.agreement.adjudication import Item
from annotator.tui.widgets.row_list import RowList, RowListMessage

CHOICE_NAMES = {
    "a": "A's version",
    "b": "B's version",
    "both": "both",
    "neither": "neither",
    "edit": "edited",
    "agreed": "agreed",
}


def item_prompt(item: Item, choice: str | None) -> Content:
    """`✓ A 38–87 differs · B's version` (○ while undecided)."""
    mark = ("✓ ", "$success") if choice else ("○ ", "$warning")
    return Content.assemble(
        mark,
        (item.document_id, "bold"),
        f" {item.start}–{item.end} ",
        ("agreed" if item.agreed else "differs", "$text-muted"),
        (f" · {CHOICE_NAMES.get(choice, choice)}" if choice else "", "italic"),
    )


class ItemList(RowList):
    """Every item of two coders; a decision repaints one row (Textual's OptionList re-measured all
    35,000 items of a large project on every change: seconds a key)."""

    @dataclass
    class Highlighted(RowListMessage):
        """The highlighted row changed (by key, click or the screen)."""

        row: int

    @dataclass
    class Chosen(RowListMessage):
        """The user chose a row (enter or click)."""

        row: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[Item] = []
        self._decided: Mapping[str, str] = {}

    def set_items(self, items: list[Item], decided: Mapping[str, str]) -> None:
        """Show the items with the decisions in effect (read, not copied: see `decisions_changed`)."""
        self._items = items
        self._decided = decided
        self.rows_changed()

    def decisions_changed(self, decided: Mapping[str, str], rows: list[int]) -> None:
        """New decisions in effect; repaint `rows`, whose choice changed."""
        self._decided = decided
        for row in rows:
            self.refresh_rows(row, row)

    def row_count(self) -> int:
        """One row per item."""
        return len(self._items)

    def row_key(self, row: int) -> Hashable:
        """The item and its choice."""
        key = self._items[row].key
        return (key, self._decided.get(key))

    def row_content(self, row: int) -> Content:
        """Mark, place, agreed or not, the choice."""
        item = self._items[row]
        return item_prompt(item, self._decided.get(item.key))

    def empty_content(self) -> Content:
        """Nothing to compare."""
        return Content.styled("No items.", "$text-muted")

    def watch_highlighted(self, previous: int | None, highlighted: int | None) -> None:
        """Repaint, keep in view, and tell the screen."""
        super().watch_highlighted(previous, highlighted)
        if highlighted is not None:
            self.post_message(self.Highlighted(self, highlighted))

    def choose(self, row: int) -> None:
        """Tell the screen."""
        self.post_message(self.Chosen(self, row))
