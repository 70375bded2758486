"""Speaker labels drawn as rows of their own above the turns: the shown text and the mapping back to the words."""

from __future__ import annotations

from bisect import bisect_right

from annotator.coding.offsets import LineOffsets, Location
from annotator.coding.turns import Turns


class LabelledRows:
    """The testimony as drawn: a label row (`Interviewer · 00:03:40`) inserted above each row a turn
    starts in, and every other row the testimony's own.

    Labels are whole rows, so a text row keeps its columns and only moves down by the labels above
    it: a location maps by its row alone, and no offset of the words ever changes. A location on a
    label row stands for the start of the row below it (the turn's first word); the cursor never
    rests there (`visitable`), so crossing a label is one key press. Without turns, the drawn text
    is the testimony and every mapping is the identity.
    """

    __slots__ = ("_label_shown_rows", "_lines", "label_rows", "labels", "shown_text")

    def __init__(self, text: str, lines: LineOffsets, turns: Turns) -> None:
        labels: dict[int, list[str]] = {}
        for turn in turns.turns:
            labels.setdefault(lines.row_of(turn.start), []).append(turn.label)
        # Several turns starting in one row (after a text correction) share its label row.
        self._lines = lines
        self.label_rows = sorted(labels)
        self.labels = [" / ".join(labels[row]) for row in self.label_rows]
        self._label_shown_rows = [row + index for index, row in enumerate(self.label_rows)]
        self.shown_text = self._insert_labels(text, lines)

    def _insert_labels(self, text: str, lines: LineOffsets) -> str:
        if not self.label_rows:
            return text
        pieces: list[str] = []
        previous = 0
        for row, label in zip(self.label_rows, self.labels, strict=True):
            start = lines.starts[row]
            pieces += [text[previous:start], label, "\n"]
            previous = start
        pieces.append(text[previous:])
        return "".join(pieces)

    def __bool__(self) -> bool:
        return bool(self.label_rows)

    def shown_row(self, row: int) -> int:
        """Where text row `row` is drawn (below every label at or above it)."""
        return row + bisect_right(self.label_rows, row)

    def label_at(self, shown_row: int) -> str | None:
        """The label drawn on a shown row, None when the row is the testimony's."""
        index = bisect_right(self._label_shown_rows, shown_row) - 1
        if index >= 0 and self._label_shown_rows[index] == shown_row:
            return self.labels[index]
        return None

    def text_row(self, shown_row: int) -> int:
        """The text row a shown row draws; a label row stands for the row below it."""
        above = bisect_right(self._label_shown_rows, shown_row)
        if above and self._label_shown_rows[above - 1] == shown_row:
            return self.label_rows[above - 1]
        return shown_row - above

    def shown(self, location: Location) -> Location:
        """A text location as drawn."""
        row, column = location
        return self.shown_row(row), column

    def visitable(self, location: Location, from_row: int) -> Location:
        """Where the cursor goes for a drawn location: off a label, to the end of the row above when it
        comes from below (moving up or left), else to the turn's first word."""
        row, _ = location
        if self.label_at(row) is None:
            return location
        if from_row > row and row > 0:
            above = self.text_row(row - 1)
            return row - 1, self._lines.lengths[above]
        return row + 1, 0

    def text_location(self, location: Location) -> Location:
        """A drawn location in the text: on a label, the start of the turn's row."""
        row, column = location
        if self.label_at(row) is not None:
            return self.text_row(row), 0
        return self.text_row(row), column
