"""A grid of counts of any size, drawing only the cells on screen: a heading row and column stay put."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("grid.")


@dataclass(frozen=True)
class GridShape:
    """What the grid shows: how many rows and columns, their headings and each cell's text."""

    rows: int
    columns: int
    row_heading: Callable[[int], str]
    column_heading: Callable[[int], str]
    cell: Callable[[int, int], str]
    heading_width: int = 12
    column_width: int = 10


def _fitted(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells (cut with `…`), right-aligned for counts; a blank cell between columns."""
    room = width - 1
    if len(text) > room:
        text = text[: room - 1] + "…"
    return (text.rjust(room) if right else text.ljust(room)) + " "


class CountGrid(ScrollView, can_focus=True):
    """Rows by columns of short cells, one under the cursor; enter or a click chooses it. Textual's
    DataTable measures and builds every cell before drawing (seconds for 10,000 rows by 100 codes);
    this draws each visible line from the cells in view only."""

    DEFAULT_CSS = """
    CountGrid {
        overflow: auto;
        scrollbar-size: 1 1;
    }
    CountGrid > .count-grid--heading {
        text-style: bold;
        color: $text-accent;
    }
    CountGrid > .count-grid--empty {
        color: $text-muted;
    }
    CountGrid > .count-grid--cursor {
        background: $block-cursor-blurred-background;
    }
    CountGrid:focus > .count-grid--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    BINDINGS = [
        _keys("up", "move(-1, 0)", "Up", "up", "Move to the cell above."),
        _keys("down", "move(1, 0)", "Down", "down", "Move to the cell below."),
        _keys("left", "move(0, -1)", "Left", "left", "Move to the cell on the left."),
        _keys("right", "move(0, 1)", "Right", "right", "Move to the cell on the right."),
        _keys("pageup", "page(-1)", "Page up", "page_up", "Move a screen of rows up."),
        _keys("pagedown", "page(1)", "Page down", "page_down", "Move a screen of rows down."),
        _keys("home", "move_to(0)", "First row", "first", "Move to the first row."),
        _keys("end", "move_to(-1)", "Last row", "last", "Move to the last row."),
        _keys("enter", "choose", "Choose", "choose", "Choose the cell under the cursor."),
    ]

    COMPONENT_CLASSES = {"count-grid--heading", "count-grid--empty", "count-grid--cursor"}

    cursor: reactive[tuple[int, int]] = reactive((0, 0), always_update=True)

    @dataclass
    class Moved(Message):
        """The cursor is on another cell."""

        grid: CountGrid
        row: int
        column: int

    @dataclass
    class Chosen(Message):
        """The user chose the cell at (row, column) (enter or a click)."""

        grid: CountGrid
        row: int
        column: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shape = GridShape(0, 0, str, str, lambda row, column: "")

    def show(self, shape: GridShape) -> None:
        """Show a new grid, the cursor kept on its row and column where they still exist."""
        self.shape = shape
        self.virtual_size = Size(shape.heading_width + shape.columns * shape.column_width, shape.rows + 1)
        row, column = self.cursor
        self.cursor = (max(0, min(row, shape.rows - 1)), max(0, min(column, shape.columns - 1)))
        self.refresh()

    def watch_cursor(self, cursor: tuple[int, int]) -> None:
        """Keep the cursor's cell in view and tell the screen."""
        row, column = cursor
        shape = self.shape
        view_rows = max(1, self.scrollable_content_region.height - 1)  # the heading row stays put
        view_width = max(shape.column_width, self.scrollable_content_region.width - shape.heading_width)
        y = min(max(self.scroll_offset.y, row - view_rows + 1), row)
        left = column * shape.column_width
        x = min(max(self.scroll_offset.x, left + shape.column_width - view_width), left)
        self.scroll_to(x=x, y=y, animate=False, immediate=True)
        self.refresh()
        if shape.rows and shape.columns:
            self.post_message(self.Moved(self, row, column))

    def action_move(self, rows: int, columns: int) -> None:
        """Move the cursor by rows and columns, stopping at the edges."""
        row, column = self.cursor
        self.cursor = (
            max(0, min(row + rows, self.shape.rows - 1)),
            max(0, min(column + columns, self.shape.columns - 1)),
        )

    def action_page(self, pages: int) -> None:
        """Move the cursor a screen of rows."""
        self.action_move(pages * max(1, self.scrollable_content_region.height - 1), 0)

    def action_move_to(self, row: int) -> None:
        """Move to a row (-1: the last), in the same column."""
        self.cursor = (row if row >= 0 else max(0, self.shape.rows - 1), self.cursor[1])

    def action_choose(self) -> None:
        """Tell the screen which cell was chosen."""
        if self.shape.rows and self.shape.columns:
            self.post_message(self.Chosen(self, *self.cursor))

    def on_click(self, event: events.Click) -> None:
        """A click on a cell moves there and chooses it."""
        shape = self.shape
        row = self.scroll_offset.y + event.y - 1
        x = event.x - shape.heading_width
        if event.y < 1 or x < 0 or not 0 <= row < shape.rows:
            return
        column = (self.scroll_offset.x + x) // shape.column_width
        if column < shape.columns:
            self.cursor = (row, column)
            self.action_choose()

    def render_line(self, y: int) -> Strip:
        """The heading row (y 0) or one row of cells, its heading first, the columns in view after it."""
        shape = self.shape
        width = self.scrollable_content_region.width
        base = self.rich_style
        heading = base + self.get_component_rich_style("count-grid--heading")
        row = self.scroll_offset.y + y - 1
        if y == 0:
            lead = Segment(_fitted("", shape.heading_width), heading)
        elif row < shape.rows:
            lead = Segment(_fitted(shape.row_heading(row), shape.heading_width), heading)
        else:
            return Strip.blank(width, base)
        first = self.scroll_offset.x // shape.column_width
        shown = (width - shape.heading_width) // shape.column_width + 2
        segments: list[Segment] = []
        for column in range(first, min(shape.columns, first + shown)):
            if y == 0:
                segments.append(Segment(_fitted(shape.column_heading(column), shape.column_width, right=True), heading))
                continue
            text = shape.cell(row, column)
            style = base + self._cell_style(text, (row, column) == self.cursor)
            segments.append(Segment(_fitted(text, shape.column_width, right=True), style))
        skip = self.scroll_offset.x - first * shape.column_width
        cells = Strip(segments).crop(skip, skip + width - shape.heading_width)
        return Strip.join([Strip([lead]), cells]).extend_cell_length(width, base).crop(0, width)

    def _cell_style(self, text: str, under_cursor: bool) -> Style:
        if under_cursor:
            return self.get_component_rich_style("count-grid--cursor")
        return self.get_component_rich_style("count-grid--empty") if text == "·" else Style()
