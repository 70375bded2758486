"""Places in the testimonies (a code's segments, where coders differ), a few lines each, any number."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.content import Content

from annotator.tui.widgets.row_list import RowList, RowListMessage


class PlaceList(RowList):
    """One place per `lines` lines, drawn only as it scrolls into view: a code may have thousands of
    segments and a pair of coders tens of thousands of disagreements, all of which Textual's
    OptionList would measure before showing the first (seconds)."""

    @dataclass
    class Chosen(RowListMessage):
        """The user chose the place at `row` (enter or click)."""

        row: int

    def __init__(self, lines: int, empty: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ROW_HEIGHT = lines  # an instance's own height: the row list reads it from self
        self.places: Sequence[Any] = []
        self._prompt: Callable[[Any], Content] = lambda place: Content(str(place))
        self._empty = empty
        self._generation = 0  # part of each row's cache key: a new list draws anew

    def set_places(self, places: Sequence[Any], prompt: Callable[[Any], Content], empty: str | None = None) -> None:
        """Show these places (each drawn by `prompt`, cropped to the row), the first highlighted; `empty`
        (when given) is what an empty list says from now on."""
        self.places = places
        if empty is not None:
            self._empty = empty
        self._prompt = prompt
        self._generation += 1
        self.highlighted = None
        self.rows_changed()
        self.highlighted = 0 if places else None

    def row_count(self) -> int:
        """One row per place."""
        return len(self.places)

    def row_key(self, row: int) -> Hashable:
        """The list shown and the row."""
        return (self._generation, row)

    def row_content(self, row: int) -> Content:
        """The place as its prompt draws it."""
        return self._prompt(self.places[row])

    def empty_content(self) -> Content:
        """Nothing to list."""
        return Content.styled(self._empty, "$text-muted")

    def choose(self, row: int) -> None:
        """Tell the screen."""
        self.post_message(self.Chosen(self, row))
