"""The overview: testimonies (or an attribute's values) by codes, each cell the spans of that code there;
enter on a cell lists its passages (retrieval of that code in that row; All: everywhere) and jumps as
retrieval does."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label
from textual.worker import Worker, WorkerState

from annotator.coding.follow import ProjectChanges
from annotator.coding.overview import OverviewGrid, count_overview, left_out, row_choices
from annotator.coding.session import CodingSession
from annotator.tui.bindings import KeyGroup, modal_help_key
from annotator.tui.errors import notify_errors, report_worker_failure
from annotator.tui.messages import Jump
from annotator.tui.widgets.count_grid import CountGrid, GridShape

_keys = KeyGroup("overview.", show=True)
HEADING_WIDTH = 14  # the row headings: a testimony's id or an attribute value
COLUMN_WIDTH = 11  # a code's column: its name cut to ten cells (the line under the grid says it whole)


def grid_shape(grid: OverviewGrid) -> GridShape:
    """The grid as the widget draws it: a first row and a first column `All`, then rows and codes."""

    def count(row: int, column: int) -> str:
        if column == 0:
            spans = grid.row_total(row - 1)
        else:
            spans = grid.count(row - 1, grid.codes[column - 1][0].id)
        return str(spans) if spans else "·"

    return GridShape(
        rows=len(grid.rows) + 1,
        columns=len(grid.codes) + 1,
        row_heading=lambda row: "All" if row == 0 else grid.rows[row - 1].heading,
        column_heading=lambda column: "All" if column == 0 else grid.codes[column - 1][0].name,
        cell=count,
        heading_width=HEADING_WIDTH,
        column_width=COLUMN_WIDTH,
    )


class OverviewScreen(ModalScreen[Jump | None]):
    """A grid of span counts: rows the testimonies or attribute values, columns the codes in tree order."""

    BINDINGS = [
        modal_help_key(),
        _keys("escape", "close", "Back", "close", "Back to coding without jumping."),
        _keys(
            "ctrl+o",
            "cycle_rows",
            "Rows",
            "cycle_rows",
            "Rows by testimony, then by each attribute's values, in turn.",
        ),
        _keys("ctrl+a", "toggle_coders", "Every coder", "toggle_coders", "Count every coder's spans, or only yours."),
    ]

    row_choice: reactive[int] = reactive(0)
    every_coder: reactive[bool] = reactive(False)

    @dataclass
    class Counted(Message):
        """The worker counted the grid."""

        grid: OverviewGrid
        attribute: str | None
        every_coder: bool

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        self.grid: OverviewGrid | None = None
        self.shown_every_coder: bool | None = None  # whose counts the grid shows (None: still counting)
        self._choices = row_choices(session.testimonies)

    def compose(self) -> ComposeResult:
        """The title, the grid and the line saying which cell the cursor is on."""
        with Vertical(id="overview", classes="dialog"):
            yield Label("", id="overview-title", classes="dialog-title")
            yield Label("ctrl+o rows · ctrl+a every coder · enter: a cell's passages", classes="dialog-hint")
            yield CountGrid(id="overview-grid")
            yield Label("counting…", id="overview-cell")

    def on_mount(self) -> None:
        """Count (in a worker) and draw."""
        self._count()
        self.query_one(CountGrid).focus()

    @property
    def attribute(self) -> str | None:
        """The attribute whose values are the rows (None: the testimonies)."""
        return self._choices[self.row_choice % len(self._choices)]

    def watch_row_choice(self) -> None:
        """Count again with the next rows."""
        if self.is_mounted:
            self._count()

    def watch_every_coder(self) -> None:
        """Count again with the other coders' spans, or without."""
        if self.is_mounted:
            self._count()

    def action_cycle_rows(self) -> None:
        """The next way of dividing the rows."""
        self.row_choice = (self.row_choice + 1) % len(self._choices)

    def action_toggle_coders(self) -> None:
        """Every coder's spans, or the coder's own."""
        self.every_coder = not self.every_coder

    def follow(self, changes: ProjectChanges) -> None:
        """Spans, codes or testimonies changed elsewhere: count again, the cursor kept where it was."""
        if changes.everything or changes.codes or changes.spans or changes.documents or changes.owners:
            self._choices = row_choices(self.session.testimonies)
            self._count()

    def _count(self) -> None:
        """Testimony rows: each row's counts read as it is drawn. Attribute values: counted whole on a
        connection of the worker's own, so the screen never waits however large the project."""
        everyone = self.every_coder or self.session.sees_others
        if self.attribute is None:
            with notify_errors(self):
                self.post_message(self.Counted(self.session.overview(every_coder=everyone), None, everyone))
            return
        self._counting(self.attribute, everyone)

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _counting(self, attribute: str, everyone: bool) -> None:
        session = self.session
        coders = None if everyone else [session.coder]
        grid = count_overview(session.db_path, coders, session.codes, session.testimonies, attribute)
        self.post_message(self.Counted(grid, attribute, everyone))

    @on(Counted)
    def _counted(self, event: Counted) -> None:
        if event.attribute != self.attribute or event.every_coder != (self.every_coder or self.session.sees_others):
            return  # the rows or the coders changed while it counted: the next count is on its way
        self.grid, self.shown_every_coder = event.grid, event.every_coder
        whose = "every coder's spans" if event.every_coder else f"{self.session.coder}'s spans"
        by = "testimony" if self.attribute is None else self.attribute
        gaps = left_out(self.session.testimonies, self.attribute)
        self.query_one("#overview-title", Label).update(f"Overview: {whose} by {by} and code{gaps}")
        self.query_one(CountGrid).show(grid_shape(event.grid))
        self._describe(*self.query_one(CountGrid).cursor)

    @on(CountGrid.Moved)
    def _moved(self, event: CountGrid.Moved) -> None:
        self._describe(event.row, event.column)

    def _describe(self, row: int, column: int) -> None:
        """`Bribery × A: 2 spans · enter lists them`, the code's name whole (the column cuts it)."""
        grid = self.grid
        if grid is None:
            return
        where = "every testimony" if row == 0 else grid.rows[row - 1].heading
        if column == 0:
            spans = grid.row_total(row - 1)
            what, hint = "Every code", ("enter opens it" if row and self.attribute is None else "")
        else:
            code = grid.codes[column - 1][0]
            spans = grid.count(row - 1, code.id)
            parents = [parent.name for parent, _ in grid.codes if parent.id == code.parent]
            what, hint = " › ".join([*parents, code.name]), ("enter lists them" if spans else "")
        line = f"{what} × {where}: {spans} span{'' if spans == 1 else 's'}" + (f" · {hint}" if hint else "")
        self.query_one("#overview-cell", Label).update(line)

    @on(CountGrid.Chosen)
    def _cell_chosen(self, event: CountGrid.Chosen) -> None:
        """Retrieval of that code in that row (its own spans: what the cell counts); a testimony's All
        opens the testimony; a jump from retrieval ends here too."""
        from annotator.tui.screens.retrieval import RetrievalScreen

        grid = self.grid
        if grid is None:
            return
        row = grid.rows[event.row - 1] if event.row else None
        if event.column == 0:
            if row is not None and self.attribute is None:
                self.dismiss(Jump(row.document_ids[0], 0, 0))
            return
        code = grid.codes[event.column - 1][0]
        retrieval = RetrievalScreen(
            self.session, code.id, within=row, with_children=False, every_coder=self.every_coder
        )
        self.app.push_screen(retrieval, self._retrieved)

    def _retrieved(self, place: Jump | None) -> None:
        if place is not None:
            self.dismiss(place)

    def action_close(self) -> None:
        """Back to coding."""
        self.dismiss(None)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#overview-cell", Label).update("")
            report_worker_failure(self, "Counting the overview", event.worker.error)
