"""The summary grid: testimonies (or an attribute's values) by codes, each cell its span count; the cell
under the cursor shows its quotes (enter on one jumps there) and its summary, written and saved here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea
from textual.worker import Worker, WorkerState

from annotator.coding.follow import ProjectChanges
from annotator.coding.overview import left_out, row_choices
from annotator.coding.session import CodingSession
from annotator.coding.summary_grid import GridCell, SummaryCells, load_quotes
from annotator.query.engine import Hit
from annotator.storage import Action
from annotator.tui.bindings import KeyGroup, modal_help_key
from annotator.tui.errors import notify_errors, report_worker_failure
from annotator.tui.messages import Jump
from annotator.tui.undo_keys import step_history
from annotator.tui.waiting import writes_of
from annotator.tui.widgets.grid_table import GridTable
from annotator.tui.widgets.place_list import PlaceList

_keys = KeyGroup("summary_grid.", show=True)
QUOTE_CHARACTERS = 160


def quote_prompt(hit: Hit, coder: str) -> Content:
    """`A · 120–180` over the passage (cut to two lines); whose spans, when not only the coder's."""
    quote = " ".join(hit.text.split())
    if len(quote) > QUOTE_CHARACTERS:
        quote = quote[: QUOTE_CHARACTERS - 1] + "…"
    parts: list[str | tuple[str, str]] = [(hit.document_id, "bold"), (f" · {hit.start}–{hit.end}", "$text-muted")]
    if hit.coders and hit.coders != (coder,):
        parts.append((f" ({', '.join(hit.coders)})", "$text-muted"))
    parts += ["\n", f"«{quote}»"]
    return Content.assemble(*parts)


class SummaryGridScreen(ModalScreen[Jump | None]):
    """The grid on top; below it the cell's quotes (left) and its summary (right)."""

    BINDINGS = [
        modal_help_key(),
        _keys("escape", "close", "Back", "close", "Back to coding (from the summary: back to the grid)."),
        _keys(
            "ctrl+s", "save_summary", "Save summary", "save_summary", "Save the cell's summary (one undoable action)."
        ),
        _keys(
            "ctrl+o", "cycle_rows", "Rows", "cycle_rows", "Rows by testimony, then by each attribute's values, in turn."
        ),
        _keys(
            "ctrl+a",
            "toggle_coders",
            "Every coder",
            "toggle_coders",
            "Count and quote every coder's spans, or only yours.",
        ),
        _keys("ctrl+z", "undo", "Undo", "undo", "Undo your latest action (a summary or any other)."),
        _keys("ctrl+y", "redo", "Redo", "redo", "Redo the action you undid last.", show=False),
    ]

    row_choice: reactive[int] = reactive(0)
    every_coder: reactive[bool] = reactive(False)

    def __init__(self, session: CodingSession, changed: Callable[[Action], None]) -> None:
        super().__init__()
        self.session = session
        self.changed = changed  # the coding screen shows each action committed here (an undone span too)
        self.cells = SummaryCells(session)
        self._choices = row_choices(session.testimonies)
        self._cell: GridCell | None = None
        self._quotes: list[Hit] = []
        self._saved_text = ""  # the summary as stored, to tell a draft from it

    def compose(self) -> ComposeResult:
        """Title, the grid, and the cell's quotes and summary."""
        with Vertical(id="summary-grid", classes="dialog"):
            yield Label("", id="summary-grid-title", classes="dialog-title")
            yield GridTable(id="summary-grid-table")
            with Horizontal(id="summary-grid-cell"):
                with Vertical(id="summary-grid-left"):
                    yield Label("", id="summary-grid-heading")
                    yield PlaceList(3, "No quotes in this cell.", id="summary-grid-quotes")
                with Vertical(id="summary-grid-right"):
                    yield Label("", id="summary-grid-summary-title")
                    yield TextArea("", id="summary-grid-summary", soft_wrap=True)
            yield Label(
                "arrows move · tab: quotes, summary · enter on a quote jumps · ctrl+s save · ctrl+o rows · ctrl+a coders",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Count and draw; the grid has the focus."""
        self._show()
        self.query_one(GridTable).focus()

    @property
    def attribute(self) -> str | None:
        """The attribute whose values are the rows (None: the testimonies)."""
        return self._choices[self.row_choice % len(self._choices)]

    @property
    def table(self) -> GridTable:
        """The grid widget."""
        return self.query_one(GridTable)

    @property
    def summary_area(self) -> TextArea:
        """Where the cell's summary is written."""
        return self.query_one("#summary-grid-summary", TextArea)

    def watch_row_choice(self) -> None:
        """Redraw with the next rows."""
        if self.is_mounted:
            self._show()

    def watch_every_coder(self) -> None:
        """Redraw counting every coder's spans, or the coder's own."""
        if self.is_mounted:
            self._show()

    def action_cycle_rows(self) -> None:
        """The next way of dividing the rows."""
        self.row_choice = (self.row_choice + 1) % len(self._choices)

    def action_toggle_coders(self) -> None:
        """Every coder's spans, or the coder's own."""
        self.every_coder = not self.every_coder

    def follow(self, changes: ProjectChanges) -> None:
        """Spans, codes, testimonies or memos changed elsewhere: count again, the cursor kept; a summary
        being written is left as it is."""
        if changes.everything or changes.codes or changes.spans or changes.documents or changes.owners or changes.memos:
            self._choices = row_choices(self.session.testimonies)
            self._show()

    def _show(self) -> None:
        """Count through the core and draw the grid (the cell's quotes and summary follow its message)."""
        with notify_errors(self):
            grid = self.cells.grid(self.attribute, self.every_coder)
            every = self.every_coder or self.session.sees_others
            whose = "every coder's spans" if every else f"{self.session.coder}'s spans"
            by = "testimony" if self.attribute is None else self.attribute
            gaps = left_out(self.session.testimonies, self.attribute)
            self.query_one("#summary-grid-title", Label).update(f"Summary grid: {whose} by {by} × code{gaps}")
            self.table.show(grid)

    @dataclass
    class QuotesRead(Message):
        """The worker read a cell's passages."""

        cell: GridCell
        every_coder: bool
        quotes: list[Hit]

    @on(GridTable.CellHighlighted)
    def _cell_highlighted(self, event: GridTable.CellHighlighted) -> None:
        """Show the cell's count and summary at once, and its quotes once a worker has read them."""
        grid = self.table.grid
        quotes = self.query_one(PlaceList)
        if not grid.rows or not grid.codes:
            self._cell = None
            self.query_one("#summary-grid-heading", Label).update("No testimonies or no codes.")
            quotes.set_places([], lambda hit: Content(""))
            self._show_summary()
            return
        cell = grid.cell(event.row, event.column)
        keep_draft = self._same_cell(cell) and self._draft_changed()
        self._cell = cell
        self._show_heading(cell, None)
        if not keep_draft:
            with notify_errors(self):
                self._show_summary()
        self._read_quotes(cell, self.every_coder or self.session.sees_others)

    @work(thread=True, exclusive=True, group="grid-quotes", exit_on_error=False)
    def _read_quotes(self, cell: GridCell, every_coder: bool) -> None:
        # On a connection of its own: holding an arrow key moves the cursor without waiting for each cell.
        self.post_message(
            self.QuotesRead(cell, every_coder, load_quotes(self.session.db_path, self.session.coder, every_coder, cell))
        )

    @on(QuotesRead)
    def _quotes_read(self, event: QuotesRead) -> None:
        """List the passages, unless the cursor moved on (or the coders changed) meanwhile."""
        if event.cell != self._cell or event.every_coder != (self.every_coder or self.session.sees_others):
            return
        self._quotes = event.quotes
        self._show_heading(event.cell, len(event.quotes))
        self.query_one(PlaceList).set_places(self._quotes, lambda hit: quote_prompt(hit, self.session.coder))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "grid-quotes":
            report_worker_failure(self, "Reading the cell's quotes", event.worker.error)

    def _show_heading(self, cell: GridCell, passages: int | None) -> None:
        """`Bribery × A: 2 spans, 2 passages` (`reading…` until the quotes are read)."""
        spans = f"{cell.count} span{'' if cell.count == 1 else 's'}"
        read = "reading passages…" if passages is None else f"{passages} passage{'' if passages == 1 else 's'}"
        self.query_one("#summary-grid-heading", Label).update(f"{cell.code.name} × {cell.heading}: {spans}, {read}")

    def _same_cell(self, cell: GridCell) -> bool:
        """Whether `cell` is the cell shown (its testimonies and code; its count may have changed)."""
        return self._cell is not None and (self._cell.document_ids, self._cell.code.id) == (
            cell.document_ids,
            cell.code.id,
        )

    def _draft_changed(self) -> bool:
        return self.summary_area.text.strip() != self._saved_text.strip()

    def _show_summary(self) -> None:
        """The cell's summary: the coder's own in the text box (a testimony's row), the others' above it."""
        title = self.query_one("#summary-grid-summary-title", Label)
        area = self.summary_area
        cell = self._cell
        if cell is None:
            title.update("")
            area.load_text("")
            area.disabled = True
            return
        summaries = self.cells.summaries(cell)
        document_id = cell.one_testimony
        others = [memo for memo in summaries if document_id is None or memo.author != self.session.coder]
        lines = [f"{memo.document_id} · {memo.author}: {' '.join(memo.text.split())[:120]}" for memo in others[:3]]
        if len(others) > 3:  # the box stays in view; the memo browser (M) lists them all
            lines.append(f"and {len(others) - 3} more (M lists every memo)")
        if document_id is None:
            title.update("\n".join(["Summaries (write them on a testimony's row, ctrl+o):", *lines]))
            area.load_text("")
            area.disabled = True
            self._saved_text = ""
            return
        own = next((memo for memo in summaries if memo.author == self.session.coder), None)
        heading = f"Your summary of {cell.code.name} in {document_id} (ctrl+s saves)"
        title.update("\n".join([heading, *lines]))
        self._saved_text = own.text if own is not None else ""
        area.disabled = False
        area.load_text(self._saved_text)

    def action_save_summary(self) -> None:
        """Save the summary written for the cell (empty: remove it) as one undoable action."""
        cell = self._cell
        if cell is None or cell.one_testimony is None:
            self.notify("A summary is written on a testimony's row.", severity="warning")
            return
        text = self.summary_area.text.strip()
        if not self._draft_changed():
            self.notify("The summary is as saved.")
            return
        document_id, code_id, opened = cell.one_testimony, cell.code.id, self._saved_text

        def saved(action: Action | None) -> None:
            if action is not None:
                self.changed(action)
            self._saved_text = text
            self.notify(f"Summary of {cell.code.name} in {document_id} saved." if text else "Summary removed.")
            self._show()

        writes_of(self).submit(
            self, "summary", lambda: self.cells.write_summary(document_id, code_id, text, opened), saved
        )

    def action_undo(self) -> None:
        """Undo the coder's latest action (a summary, or any other), and show the grid as it is now."""
        step_history(self, self.session, "Undone", self.changed, self._show)

    def action_redo(self) -> None:
        """Redo the action undone last."""
        step_history(self, self.session, "Redone", self.changed, self._show)

    @on(PlaceList.Chosen)
    def _quote_chosen(self, event: PlaceList.Chosen) -> None:
        """Go to the passage in the coding screen."""
        hit = self._quotes[event.row]
        self.dismiss(Jump(hit.document_id, hit.start, hit.end))

    def action_close(self) -> None:
        """From the summary: back to the grid (a draft not saved is said so); from elsewhere: back to coding."""
        if self.summary_area.has_focus:
            if self._draft_changed():
                self.notify("The summary was not saved (ctrl+s saves it).", severity="warning")
                self._show_summary()
            self.table.focus()
            return
        self.dismiss(None)
