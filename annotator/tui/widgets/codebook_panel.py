"""The codebook: each code's key, colour, name and how often the coder used it in this testimony."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from textual.content import Content

from annotator.coding.codebook_view import code_depths
from annotator.domain.models import Code
from annotator.tui.widgets.row_list import RowList, RowListMessage

SWATCH = "■"


def code_prompt(code: Code, depth: int, count: int, colour: str, width: int | None = None) -> Content:
    """`1 ■ Name     3`: key (or a blank), colour swatch, indented name, count at the right.

    In `width` cells the key and the count always show: only the name is cut (with an ellipsis).
    """
    head = Content.assemble((code.key or " ", "bold"), " ", (SWATCH, colour), " " + "  " * depth)
    tail = Content.styled(f"  {count}", "$text-muted") if count else Content("")
    name = Content(code.name)
    if width is not None:
        room = max(width - head.cell_length - tail.cell_length, 1)
        name = name.truncate(room, ellipsis=True, pad=True)
    return Content.assemble(head, name, tail)


class CodebookPanel(RowList):
    """The codebook, one code per line; choosing a code (enter or click) applies it to the selection."""

    @dataclass
    class Chosen(RowListMessage):
        """The user chose a code from the codebook."""

        code_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._codes: list[tuple[Code, int]] = []
        self._rows: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        self._colours: dict[str, str] = {}

    def set_codes(self, codes: list[Code], counts: Mapping[str, int], colours: Mapping[str, str]) -> None:
        """Fill the panel with the codebook, each code's colour on screen and the counts in the current testimony."""
        self._codes = code_depths(codes)
        self._colours = dict(colours)
        self._rows = {code.id: row for row, (code, _) in enumerate(self._codes)}
        self._counts = {code_id: count for code_id, count in counts.items() if count}
        self.rows_changed()

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Show new counts, repainting only the codes whose count changed."""
        for code_id, row in self._rows.items():
            count = counts.get(code_id, 0)
            if self._counts.get(code_id, 0) != count:
                self._counts[code_id] = count
                self.refresh_rows(row, row)

    def count(self, code_id: str) -> int:
        """The count shown for a code."""
        return self._counts.get(code_id, 0)

    @property
    def highlighted_code(self) -> Code | None:
        """The code the highlight is on (None when nothing is highlighted)."""
        row = self.highlighted
        return self._codes[row][0] if row is not None and row < len(self._codes) else None

    @property
    def code_ids(self) -> list[str]:
        """The codes shown, in display order."""
        return [code.id for code, _ in self._codes]

    def row_count(self) -> int:
        """One row per code."""
        return len(self._codes)

    def row_key(self, row: int) -> Hashable:
        """The code, its depth, its colour and its count."""
        code, depth = self._codes[row]
        return (code, depth, self._colour(code), self._counts.get(code.id, 0))

    def row_content(self, row: int) -> Content:
        """Key, swatch, name, count."""
        code, depth = self._codes[row]
        return code_prompt(code, depth, self._counts.get(code.id, 0), self._colour(code))

    def fitted_content(self, row: int, width: int) -> Content:
        """Key, swatch, the name cut to fit, the count at the right edge (never cut)."""
        code, depth = self._codes[row]
        return code_prompt(code, depth, self._counts.get(code.id, 0), self._colour(code), width)

    def empty_content(self) -> Content:
        """A project without codes."""
        return Content.styled("No codes yet: press c to create one.", "$text-muted")

    def _colour(self, code: Code) -> str:
        return self._colours.get(code.id, code.colour)

    def choose(self, row: int) -> None:
        """Apply the code (the screen decides to what)."""
        self.post_message(self.Chosen(self, self._codes[row][0].id))
