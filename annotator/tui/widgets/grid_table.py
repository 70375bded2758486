"""The summary grid's table: a heading line of codes and a line per row, only the cells in view drawn."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from annotator.coding.summary_grid import GridWindow, SummaryGrid, moved, summary_grid
from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("grid.")


class GridTable(Widget, can_focus=True):
    """Rows by codes; arrows move the cursor cell, the window following it (a grid of 1,000 testimonies
    by 200 codes draws the few hundred cells that fit, never the rest)."""

    DEFAULT_CSS = """
    GridTable {
        height: auto;
    }
    GridTable > .grid-table--heading {
        text-style: bold;
        color: $text-muted;
    }
    GridTable > .grid-table--cursor {
        background: $block-cursor-blurred-background;
    }
    GridTable:focus > .grid-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    COMPONENT_CLASSES = {"grid-table--heading", "grid-table--cursor"}

    BINDINGS = [
        _keys("up", "move(-1, 0)", "Up", "up", "The cell above."),
        _keys("down", "move(1, 0)", "Down", "down", "The cell below."),
        _keys("left", "move(0, -1)", "Left", "left", "The cell to the left (the code before)."),
        _keys("right", "move(0, 1)", "Right", "right", "The cell to the right (the code after)."),
        _keys("pageup", "page(-1)", "Page up", "page_up", "A screen of rows up."),
        _keys("pagedown", "page(1)", "Page down", "page_down", "A screen of rows down."),
        _keys("home", "move(-1000000, 0)", "First row", "first", "The first row."),
        _keys("end", "move(1000000, 0)", "Last row", "last", "The last row."),
    ]

    cursor: reactive[tuple[int, int]] = reactive((0, 0), repaint=True)

    @dataclass
    class CellHighlighted(Message):
        """The cursor moved to the cell at (row, column)."""

        row: int
        column: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.grid = summary_grid([], [], [])
        self.window = GridWindow()

    def show(self, grid: SummaryGrid) -> None:
        """Draw this grid, the cursor kept on its cell (or the nearest left)."""
        if len(grid.rows) != len(self.grid.rows):
            self.refresh(layout=True)  # as tall as its rows
        self.grid = grid
        rows, columns = grid.size
        self.cursor = moved(self.cursor, (0, 0), (max(rows, 1), max(columns, 1)))
        self.refresh()
        self.post_message(self.CellHighlighted(*self.cursor))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The heading line and a line per row (the layout caps it; the window scrolls the rest)."""
        return len(self.grid.rows) + 1

    def watch_cursor(self) -> None:
        """Keep the cursor's cell in view."""
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        """Fit the window to the new size."""
        self._fit()

    def _fit(self) -> None:
        self.window.fit(self.grid, self.size.width, self.size.height, self.cursor)

    def action_move(self, rows: int, columns: int) -> None:
        """Move the cursor by rows and columns, inside the grid."""
        if not self.grid.rows or not self.grid.codes:
            return
        cursor = moved(self.cursor, (rows, columns), self.grid.size)
        if cursor != self.cursor:
            self.cursor = cursor
            self.post_message(self.CellHighlighted(*cursor))

    def action_page(self, pages: int) -> None:
        """Move the cursor a screen of rows."""
        self.action_move(pages * max(1, self.size.height - 1), 0)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the cell under it."""
        cell = self.window.at(self.grid, event.x, event.y)
        if cell is not None and cell != self.cursor:
            self.cursor = cell
            self.post_message(self.CellHighlighted(*cell))

    def render_line(self, y: int) -> Strip:
        """The heading line, or one row's line: only the cells in the window."""
        self._fit()
        heading = self.get_component_rich_style("grid-table--heading")
        if y == 0:
            parts = self.window.heading_line(self.grid)
            return self._strip([(text, heading) for _, text in parts])
        row = self.window.first_row + y - 1
        cursor = self.get_component_rich_style("grid-table--cursor")
        parts = self.window.row_line(self.grid, row)
        styled = [
            (text, heading if column is None else cursor if (row, column) == self.cursor else Style())
            for column, text in parts
        ]
        return self._strip(styled)

    def _strip(self, parts: list[tuple[str, Style]]) -> Strip:
        base = self.rich_style
        strip = Strip([Segment(text, base + style) for text, style in parts])
        return strip.extend_cell_length(self.size.width, base).crop(0, self.size.width)
