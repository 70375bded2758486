"""Code-point offsets to (row, column) locations and back, by bisect over line starts."""

from __future__ import annotations

from bisect import bisect_right

# str.splitlines() breaks lines on these; Textual's Document splits the same way, so our rows
# and columns match the TextArea's exactly.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# The line endings after which Textual's Document adds an empty last line.
TRAILING_NEWLINES = ("\r\n", "\n", "\r")

Location = tuple[int, int]


class LineOffsets:
    """The start and length of every line of a text, for O(log n) offset <-> location lookups.

    `Document.get_location_from_index` walks the lines on every call; this index is built once
    per document and answers in a bisect, which keeps rendering and key handling flat on long texts.
    """

    __slots__ = ("lengths", "starts", "text_length")

    def __init__(self, text: str) -> None:
        starts: list[int] = []
        lengths: list[int] = []
        position = 0
        for piece in text.splitlines(keepends=True):
            if piece.endswith("\r\n"):
                ending = 2
            elif piece[-1] in LINE_BREAKS:
                ending = 1
            else:
                ending = 0
            starts.append(position)
            lengths.append(len(piece) - ending)
            position += len(piece)
        if not text or text.endswith(TRAILING_NEWLINES):
            starts.append(len(text))
            lengths.append(0)
        self.starts = starts
        self.lengths = lengths
        self.text_length = len(text)

    @property
    def line_count(self) -> int:
        """Number of lines (rows), as the TextArea counts them."""
        return len(self.starts)

    def row_of(self, offset: int) -> int:
        """The row holding `offset` (an offset on a line ending belongs to that line)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def location(self, offset: int) -> Location:
        """The (row, column) of a code-point offset, clamped to the text."""
        offset = min(max(offset, 0), self.text_length)
        row = self.row_of(offset)
        return row, min(offset - self.starts[row], self.lengths[row])

    def offset(self, location: Location) -> int:
        """The code-point offset of a (row, column) location, clamped to its line."""
        row, column = location
        row = min(max(row, 0), len(self.starts) - 1)
        return self.starts[row] + min(max(column, 0), self.lengths[row])

    def line_span(self, row: int) -> tuple[int, int]:
        """The offsets `[start, end)` of a row's characters, without its line ending."""
        start = self.starts[row]
        return start, start + self.lengths[row]
