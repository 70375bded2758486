"""The summary grid's core, headless: testimonies (or one attribute's values) by codes, each cell its
span count, its quotes (through the query layer) and its summary (the "grid" memo of a testimony and a code)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.coding.memo_browser import own_memo, write_memo
from annotator.coding.overview import OverviewGrid, OverviewRow, overview_grid
from annotator.coding.session import CodingSession
from annotator.domain.memos import Memo
from annotator.domain.models import Code
from annotator.query.engine import Hit, QueryOptions, run_query
from annotator.storage import Action, Project
from annotator.storage.documents import DocumentSummary

# Characters a code's column takes at least (its name cut to fit) and at most (a wide terminal with
# few codes shows their whole names), and the most a row's heading takes.
CELL_WIDTH = 12
WIDEST_CELL = 24
HEADING_WIDTH = 18
SUMMARY_MARK = "✎"  # beside a cell's count: the cell has a written summary
EMPTY_CELL = "·"


@dataclass(frozen=True)
class GridCell:
    """One cell: its row (a testimony or an attribute value, and the testimonies it holds) and its code."""

    row: int
    heading: str
    document_ids: tuple[str, ...]
    code: Code
    count: int
    by_testimony: bool = True  # the rows are testimonies (False: an attribute's values)

    @property
    def one_testimony(self) -> str | None:
        """The testimony of a testimony's row (its summary can be written there), None on an attribute value's row."""
        return self.document_ids[0] if self.by_testimony and len(self.document_ids) == 1 else None


@dataclass(frozen=True)
class SummaryGrid:
    """The overview's grid (testimonies or attribute values by codes in tree order, with their depth) and
    which (testimony, code) pairs have a written summary."""

    overview: OverviewGrid
    summarised: frozenset[tuple[str, str]] = frozenset()  # (document id, code id) with a grid memo
    by_testimony: bool = True  # the rows are testimonies (False: an attribute's values)

    @property
    def rows(self) -> list[OverviewRow]:
        """The rows: each a heading and the testimonies it holds."""
        return self.overview.rows

    @property
    def codes(self) -> list[tuple[Code, int]]:
        """The columns: codes in tree order with their depth."""
        return self.overview.codes

    def count(self, row: int, code_id: str) -> int:
        """The spans of a code in a row."""
        return self.overview.count(row, code_id)

    @property
    def size(self) -> tuple[int, int]:
        """(rows, columns)."""
        return len(self.rows), len(self.codes)

    def cell(self, row: int, column: int) -> GridCell:
        """The cell at (row, column)."""
        heading = self.rows[row]
        code = self.codes[column][0]
        count = self.count(row, code.id)
        return GridCell(row, heading.heading, heading.document_ids, code, count, self.by_testimony)

    def has_summary(self, row: int, column: int) -> bool:
        """Whether a testimony of the row has a summary written for the column's code."""
        code_id = self.codes[column][0].id
        return any((document_id, code_id) in self.summarised for document_id in self.rows[row].document_ids)

    def label(self, row: int, column: int) -> str:
        """What the cell shows: its count (`·` for none), marked when a summary is written."""
        count = self.count(row, self.codes[column][0].id)
        mark = f" {SUMMARY_MARK}" if self.has_summary(row, column) else ""
        return (str(count) if count else EMPTY_CELL) + mark


def summary_grid(
    codes: Sequence[Code],
    testimonies: Sequence[DocumentSummary],
    counts: Iterable[tuple[str, str, int]],
    attribute: str | None = None,
    summarised: Iterable[tuple[str, str]] = (),
) -> SummaryGrid:
    """The grid from span counts (document, code, spans): rows the testimonies in list order, or with
    `attribute` its values (items of comma-separated values, each its own row), as the overview's."""
    overview = overview_grid(codes, testimonies, counts, attribute)
    return SummaryGrid(overview, frozenset(summarised), attribute is None)


def cut(text: str, width: int) -> str:
    """`text` in `width` characters: cut with an ellipsis when longer, padded when shorter."""
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


@dataclass
class GridWindow:
    """The part of the grid on screen: the first row and column shown, moved only as far as the cursor
    needs, so drawing costs the cells in view whatever the grid's size."""

    first_row: int = 0
    first_column: int = 0
    heading_width: int = HEADING_WIDTH
    cell_width: int = CELL_WIDTH
    shown: tuple[int, int] = field(default=(0, 0))  # (rows, columns) that fit, as last fitted
    _measured: tuple[SummaryGrid, int, int] | None = field(default=None, repr=False, compare=False)

    def fit(self, grid: SummaryGrid, width: int, height: int, cursor: tuple[int, int]) -> None:
        """Fit the window to a size (the heading line and column taken) and bring the cursor into it;
        the widths are measured once per grid and size (drawing a line asks again)."""
        if self._measured is None or self._measured[0] is not grid or self._measured[1:] != (width, height):
            self._measure(grid, width, height)
        row, column = cursor
        self.first_row = _scrolled(self.first_row, row, self.shown[0], len(grid.rows))
        self.first_column = _scrolled(self.first_column, column, self.shown[1], len(grid.codes))

    def _measure(self, grid: SummaryGrid, width: int, height: int) -> None:
        longest = max((len(row.heading) for row in grid.rows), default=0)
        self.heading_width = min(HEADING_WIDTH, max(longest, 4)) + 1
        longest_name = max((len(code.name) + depth + 1 for code, depth in grid.codes), default=0)
        each = (width - self.heading_width) // max(1, len(grid.codes))  # every code in view at this width
        self.cell_width = max(CELL_WIDTH, min(each, longest_name, WIDEST_CELL))
        self.shown = (max(1, height - 1), max(1, (width - self.heading_width) // self.cell_width))
        self._measured = (grid, width, height)

    @property
    def rows(self) -> range:
        """The row indexes in view (some may lie past the grid's end)."""
        return range(self.first_row, self.first_row + self.shown[0])

    @property
    def columns(self) -> range:
        """The column indexes in view (some may lie past the grid's end)."""
        return range(self.first_column, self.first_column + self.shown[1])

    def heading_line(self, grid: SummaryGrid) -> list[tuple[int | None, str]]:
        """The top line: the codes in view, each cut to its column ((column, text); None: the corner)."""
        corner = "Rows" if not grid.rows else ""
        parts: list[tuple[int | None, str]] = [(None, cut(corner, self.heading_width))]
        for column in self.columns:
            if column < len(grid.codes):
                code, depth = grid.codes[column]
                parts.append((column, cut("·" * depth + code.name, self.cell_width - 1) + " "))
        return parts

    def row_line(self, grid: SummaryGrid, row: int) -> list[tuple[int | None, str]]:
        """One row's line: its heading, then the cells in view ((column, text); None: the heading)."""
        if row >= len(grid.rows):
            return []
        parts: list[tuple[int | None, str]] = [(None, cut(grid.rows[row].heading, self.heading_width))]
        for column in self.columns:
            if column < len(grid.codes):
                parts.append((column, cut(grid.label(row, column), self.cell_width - 1) + " "))
        return parts

    def at(self, grid: SummaryGrid, x: int, y: int) -> tuple[int, int] | None:
        """The cell under a point of the drawn grid (a click), None off the cells."""
        if y < 1 or x < self.heading_width:
            return None
        row = self.first_row + y - 1
        column = self.first_column + (x - self.heading_width) // self.cell_width
        return (row, column) if row < len(grid.rows) and column < len(grid.codes) else None


def _scrolled(first: int, cursor: int, fits: int, total: int) -> int:
    """The first index shown so that `cursor` is in view, moving as little as possible."""
    if cursor < first:
        first = cursor
    elif cursor >= first + fits:
        first = cursor - fits + 1
    return max(0, min(first, max(0, total - fits)))


def moved(cursor: tuple[int, int], step: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    """The cursor moved by (rows, columns), kept inside a grid of `size`."""
    rows, columns = size
    return (
        max(0, min(cursor[0] + step[0], rows - 1)),
        max(0, min(cursor[1] + step[1], columns - 1)),
    )


def code_operand(code_id: str) -> str:
    """A query naming one code by id, without the codes below it (the cell counts that code's own spans)."""
    return '"' + code_id.replace('"', '""') + '"!'


def read_quotes(project: Project, coder: str, every_coder: bool, cell: GridCell) -> list[Hit]:
    """A cell's passages: its code's own segments (without the codes below) in its testimonies, by `coder`
    or by everyone who coded, through the query layer."""
    if not cell.document_ids:
        return []
    coders = (tuple(project.coders.with_spans()) or (coder,)) if every_coder else (coder,)
    options = QueryOptions(coders=coders, documents=cell.document_ids)
    return run_query(project, code_operand(cell.code.id), options)


def load_quotes(db_path: Path, coder: str, every_coder: bool, cell: GridCell) -> list[Hit]:
    """`read_quotes` on a connection of its own (a thread worker: the grid moves while a cell's quotes load)."""
    with Project.open(db_path, readonly=True) as project:
        return read_quotes(project, coder, every_coder, cell)


class SummaryCells:
    """What the summary grid screen reads and writes, through the session: counts, quotes, summaries."""

    def __init__(self, session: CodingSession) -> None:
        self.session = session

    @property
    def _project(self) -> Project:
        return self.session.project

    def grid(self, attribute: str | None, every_coder: bool) -> SummaryGrid:
        """The grid as the project stands: counts through the session, the cells with a summary written."""
        counts = self.session.code_counts_by_testimony(every_coder=every_coder)
        written = {(memo.document_id or "", memo.code_id or "") for memo in self._project.memos.of("grid")}
        return summary_grid(self.session.codes, self.session.testimonies, counts, attribute, written)

    def quotes(self, cell: GridCell, every_coder: bool) -> list[Hit]:
        """The cell's passages (its code's own segments in its testimonies), through the query layer."""
        return read_quotes(self._project, self.session.coder, every_coder or self.session.sees_others, cell)

    def summaries(self, cell: GridCell) -> list[Memo]:
        """The summaries written on the cell (for an attribute value's row, each of its testimonies')."""
        return [
            memo
            for document_id in cell.document_ids
            for memo in self._project.memos.of("grid", document_id=document_id, code_id=cell.code.id)
        ]

    def own_summary(self, document_id: str, code_id: str) -> Memo | None:
        """The coder's own summary of a testimony and a code, if written."""
        return own_memo(self.session, "grid", document_id, code_id)

    def write_summary(self, document_id: str, code_id: str, text: str, opened: str | None = None) -> Action | None:
        """Write, change or (empty) remove the coder's summary of a cell as one undoable action; None
        when there was nothing to change. `opened`: the summary as the box showed it (one changed since
        elsewhere is not overwritten: `write_memo`)."""
        own = self.own_summary(document_id, code_id)
        return write_memo(self.session, own, text, "grid", document_id, code_id, opened=opened)
