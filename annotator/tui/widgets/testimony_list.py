"""The testimony list: id, attributes, and how far the current coder has got in each."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from textual.content import Content

from annotator.coding.session import Testimony
from annotator.tui.widgets.row_list import RowList, RowListMessage

DONE_MARK = "✓"


@dataclass(frozen=True)
class Progress:
    """The coder's progress on one testimony."""

    spans: int
    done: bool


def testimony_prompt(testimony: Testimony, progress: Progress) -> Content:
    """Two lines: the id with span count and done mark, then the attributes."""
    count = f"{progress.spans} span" + ("" if progress.spans == 1 else "s")
    first = Content.assemble(
        (testimony.id, "bold"),
        "  ",
        (count, "$text-muted"),
        ("  " + DONE_MARK + " done", "$text-success") if progress.done else "",
        ("  (empty)", "$text-muted") if testimony.length == 0 else "",
    )
    attributes = " · ".join(value for value in testimony.attributes.values() if value)
    return Content.assemble(first, "\n", (attributes, "$text-muted"))


class TestimonyList(RowList):
    """Two lines per testimony; choosing one (enter or click) asks the screen to open it."""

    ROW_HEIGHT = 2

    @dataclass
    class Chosen(RowListMessage):
        """The user chose a testimony to open."""

        document_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._testimonies: list[Testimony] = []
        self._progress: dict[str, Progress] = {}
        self._rows: dict[str, int] = {}

    def set_testimonies(self, testimonies: list[Testimony], progress: dict[str, Progress]) -> None:
        """Fill the list."""
        self._testimonies = list(testimonies)
        self._progress = dict(progress)
        self._rows = {testimony.id: row for row, testimony in enumerate(testimonies)}
        self.rows_changed()

    def update_progress(self, document_id: str, progress: Progress) -> None:
        """Repaint one testimony's row after its progress changed."""
        row = self._rows.get(document_id)
        if row is not None and self._progress.get(document_id) != progress:
            self._progress[document_id] = progress
            self.refresh_rows(row, row)

    def progress(self, document_id: str) -> Progress | None:
        """The progress shown for a testimony."""
        return self._progress.get(document_id)

    def highlighted_id(self) -> str | None:
        """The testimony highlighted in the list (None when none is)."""
        row = self.highlighted
        return self._testimonies[row].id if row is not None and 0 <= row < len(self._testimonies) else None

    def mark_current(self, document_id: str) -> None:
        """Highlight the testimony on screen."""
        if document_id in self._rows:
            self.highlighted = self._rows[document_id]

    def row_count(self) -> int:
        """One row per testimony."""
        return len(self._testimonies)

    def row_key(self, row: int) -> Hashable:
        """The testimony and its progress."""
        testimony = self._testimonies[row]
        return (testimony.id, self._progress.get(testimony.id))

    def row_content(self, row: int) -> Content:
        """Id, count, done mark; attributes."""
        testimony = self._testimonies[row]
        return testimony_prompt(testimony, self._progress.get(testimony.id, Progress(0, False)))

    def empty_content(self) -> Content:
        """A project without testimonies."""
        return Content.styled("No testimonies: import some with `annotator import`.", "$text-muted")

    def choose(self, row: int) -> None:
        """Ask for the testimony to be opened."""
        self.post_message(self.Chosen(self, self._testimonies[row].id))
