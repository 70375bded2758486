"""The overview: codes by testimonies (or by an attribute's values), each cell the spans of that code
there; enter on a cell lists its passages (retrieval of that code in that column; All: everywhere) and jumps as
retrieval does."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from annotator.coding.follow import ProjectChanges
from annotator.coding.overview import OverviewGrid, column_choices, overview_grid
from annotator.coding.session import CodingSession
from annotator.tui.bindings import KeyGroup
from annotator.tui.errors import notify_errors
from annotator.tui.messages import Jump

_keys = KeyGroup("overview.", show=True)


class OverviewScreen(ModalScreen[Jump | None]):
    """A table of span counts: rows the codes in tree order, columns testimonies or attribute values."""

    BINDINGS = [
        _keys("escape", "close", "Back", "close", "Back to coding without jumping."),
        _keys(
            "ctrl+o",
            "cycle_columns",
            "Columns",
            "cycle_columns",
            "Columns by testimony, then by each attribute's values, in turn.",
        ),
        _keys("ctrl+a", "toggle_coders", "Every coder", "toggle_coders", "Count every coder's spans, or only yours."),
    ]

    column_choice: reactive[int] = reactive(0)
    every_coder: reactive[bool] = reactive(False)

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        self.grid: OverviewGrid | None = None
        self._choices = column_choices(session.testimonies)

    def compose(self) -> ComposeResult:
        """The title and the table."""
        with Vertical(id="overview", classes="dialog"):
            yield Label("", id="overview-title", classes="dialog-title")
            yield Label(
                "ctrl+o columns · ctrl+a every coder · enter: a cell's passages",
                classes="dialog-hint",
            )
            table: DataTable[str] = DataTable(id="overview-table", cursor_type="cell", zebra_stripes=True)
            yield table

    def on_mount(self) -> None:
        """Count and draw."""
        self._show()
        self.query_one(DataTable).focus()

    @property
    def attribute(self) -> str | None:
        """The attribute whose values are the columns (None: the testimonies)."""
        return self._choices[self.column_choice % len(self._choices)]

    def watch_column_choice(self) -> None:
        """Redraw with the next columns."""
        if self.is_mounted:
            self._show()

    def watch_every_coder(self) -> None:
        """Redraw with the other coders' spans counted, or not."""
        if self.is_mounted:
            self._show()

    def action_cycle_columns(self) -> None:
        """The next way of dividing the columns."""
        self.column_choice = (self.column_choice + 1) % len(self._choices)

    def action_toggle_coders(self) -> None:
        """Every coder's spans, or the coder's own."""
        self.every_coder = not self.every_coder

    def follow(self, changes: ProjectChanges) -> None:
        """Spans, codes or testimonies changed elsewhere: count again, the cursor kept where it was."""
        if changes.everything or changes.codes or changes.spans or changes.documents or changes.owners:
            self._choices = column_choices(self.session.testimonies)
            self._show()

    def _show(self) -> None:
        """Count through the session and draw the table, the cursor kept on its cell."""
        with notify_errors(self):
            counts = self.session.code_counts_by_testimony(every_coder=self.every_coder)
            self.grid = overview_grid(self.session.codes, self.session.testimonies, counts, self.attribute)
        if self.grid is None:
            return
        whose = "every coder's spans" if self.every_coder else f"{self.session.coder}'s spans"
        by = "testimony" if self.attribute is None else self.attribute
        self.query_one("#overview-title", Label).update(f"Overview: {whose} by {by}")
        table: DataTable[str] = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Code", key="code")
        for index, column in enumerate(self.grid.columns):
            table.add_column(column.heading, key=str(index))
        table.add_column("All", key="all")
        for code, depth in self.grid.rows:
            cells = [str(self.grid.count(code.id, index) or "·") for index in range(len(self.grid.columns))]
            table.add_row("  " * depth + code.name, *cells, str(self.grid.row_total(code.id) or "·"), key=code.id)
        if table.row_count:
            table.cursor_coordinate = table.validate_cursor_coordinate(cursor)

    @on(DataTable.CellSelected)
    def _cell_chosen(self, event: DataTable.CellSelected) -> None:
        """Retrieval of that code in that column (its own spans: what the cell counts); a jump from it ends here too."""
        from annotator.tui.screens.retrieval import RetrievalScreen

        if self.grid is None or event.coordinate.column == 0:
            return
        code, _ = self.grid.rows[event.coordinate.row]
        columns = self.grid.columns
        column = columns[event.coordinate.column - 1] if event.coordinate.column <= len(columns) else None  # All
        retrieval = RetrievalScreen(
            self.session, code.id, within=column, with_children=False, every_coder=self.every_coder
        )
        self.app.push_screen(retrieval, self._retrieved)

    def _retrieved(self, place: Jump | None) -> None:
        if place is not None:
            self.dismiss(place)

    def action_close(self) -> None:
        """Back to coding."""
        self.dismiss(None)
