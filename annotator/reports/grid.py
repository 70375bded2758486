"""`report grid`: the summary grid (testimonies or attribute values × codes), each cell's summary and its quotes or counts.

Each column's quotes come from the query layer one code at a time; a cell keeps at most
`per_cell` quotes (and its count of all), so the grid holds what it shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.coding.codebook_view import code_depths
from annotator.domain.errors import InputError
from annotator.domain.private_files import private_output
from annotator.domain.spreadsheet import BYTE_ORDER_MARK, spreadsheet_csv
from annotator.exchange.matrix import MISSING
from annotator.query.engine import Hit, QueryOptions
from annotator.reports.memo_blocks import grid_summaries
from annotator.reports.model import Block, Heading, Paragraph, Report, Table, TextFilter, identity
from annotator.reports.quotes import (
    Progress,
    attribute_text,
    check_coders,
    chosen_codes,
    code_hits,
    counted,
    describe_options,
    quote_of,
    testimony_label,
)

if TYPE_CHECKING:
    from annotator.domain.models import Code
    from annotator.storage import Project

MODES = ("quotes", "counts")
Cell = tuple[str, str]  # (row key, code id)


@dataclass
class GridRow:
    """One row of the grid: a testimony, or the testimonies sharing an attribute value."""

    key: str
    label: str
    documents: list[str]
    attributes: dict[str, object] | None = None  # a testimony's own attributes


@dataclass
class Grid:
    """The grid's rows and codes, each cell's count, kept quotes and summaries."""

    corner: str
    rows: list[GridRow]
    codes: list[Code]
    counts: dict[Cell, int] = field(default_factory=dict)
    quotes: dict[Cell, list[Hit]] = field(default_factory=dict)
    summaries: dict[Cell, list[str]] = field(default_factory=dict)


def build_grid(
    project: Project,
    options: QueryOptions,
    *,
    rows: str = "documents",
    codes: Sequence[str] = (),
    per_cell: int | None = None,
    progress: Progress = None,
) -> Grid:
    """Count (and keep up to `per_cell` quotes of) each code's segments in each row; refuses unknown rows, codes and coders."""
    check_coders(project, options)
    chosen = chosen_codes(project, codes)
    wanted = {code.id for code in chosen}
    ordered = [code for code, _ in code_depths(project.codes.all()) if code.id in wanted]
    grid_rows, row_of = _rows(project, rows)
    grid = Grid("testimony" if rows == "documents" else rows.removeprefix("attribute:"), grid_rows, ordered)
    for done, code in enumerate(ordered, start=1):
        for hit in code_hits(project, code.id, options):
            cell = (row_of(hit), code.id)
            grid.counts[cell] = grid.counts.get(cell, 0) + 1
            kept = grid.quotes.setdefault(cell, [])
            if per_cell is None or len(kept) < per_cell:
                kept.append(hit)
        if progress is not None:
            progress(done, len(ordered))
    document_row = {document: row.key for row in grid_rows for document in row.documents}
    for (document, code_id), memos in grid_summaries(project).items():
        if code_id in wanted and document in document_row:
            of = "" if rows == "documents" else f" of {document}"
            shown = [f"Summary{of} by {memo.author}: {memo.text}" for memo in memos]
            grid.summaries.setdefault((document_row[document], code_id), []).extend(shown)
    return grid


def _rows(project: Project, rows: str) -> tuple[list[GridRow], Callable[[Hit], str]]:
    summaries = project.documents.summaries()
    if rows == "documents":
        found = [GridRow(s.id, testimony_label(s, s.id), [s.id], s.attributes) for s in summaries]
        return found, lambda hit: hit.document_id
    name = rows.removeprefix("attribute:").strip()
    if not rows.startswith("attribute:") or not name:
        raise InputError(f"--rows: {rows!r} is not a grid's rows; use documents or attribute:NAME")
    known = sorted({key for summary in summaries for key in summary.attributes})
    if name not in known:
        raise InputError(f"--rows: no document has an attribute {name!r} (attributes: {', '.join(known) or 'none'})")
    members: dict[str, list[str]] = {}
    for summary in summaries:
        members.setdefault(str(summary.attributes.get(name) or MISSING), []).append(summary.id)
    values = sorted(set(members) - {MISSING}) + ([MISSING] if MISSING in members else [])
    return [GridRow(value, f"{name}: {value}", members[value]) for value in values], (
        lambda hit: str(hit.attributes.get(name) or MISSING)
    )


def grid_report(grid: Grid, project: Project, options: QueryOptions, *, mode: str = "quotes") -> Report:
    """The grid as a document: a table of counts, then each row's cells with their summary and quotes (or counts)."""
    return Report(f"Summary grid: {grid.corner} × codes", _blocks(grid, project, options, mode))


def _blocks(grid: Grid, project: Project, options: QueryOptions, mode: str) -> Iterator[Block]:
    total = sum(grid.counts.values())
    yield Paragraph(
        f"Project {project.name}: {counted(len(grid.rows), 'row')} × {counted(len(grid.codes), 'code')}. "
        f"{describe_options(options)} Each cell: its summary (the grid memo), then its "
        + ("quotes." if mode == "quotes" else "count of quotes.")
    )
    if not grid.codes or not grid.rows:
        yield Paragraph("The grid has no rows or no codes: there is nothing to report.", note=True)
        return
    yield Table(
        f"Quotes per {grid.corner} and code ({counted(total, 'quote')})",
        (grid.corner.capitalize(), *(code.name for code in grid.codes)),
        tuple((row.label, *(str(grid.counts.get((row.key, code.id), 0)) for code in grid.codes)) for row in grid.rows),
    )
    if not total and not grid.summaries:
        yield Paragraph("No cell holds a quote or a summary for the chosen coders and documents.", note=True)
        return
    several = len(options.coders) > 1
    for row in grid.rows:
        # With counts, the table above gave every count: a row's section holds only the summaries.
        shown = (grid.summaries,) if mode == "counts" else (grid.counts, grid.summaries)
        cells = [code for code in grid.codes if any((row.key, code.id) in found for found in shown)]
        if not cells:
            continue
        yield Heading(2, row.label)
        if row.attributes is not None:
            yield Paragraph(attribute_text(row.attributes))
        for code in cells:
            cell = (row.key, code.id)
            count = grid.counts.get(cell, 0)
            yield Heading(3, f"{code.name} ({counted(count, 'quote')})")
            for summary in grid.summaries.get(cell, []):
                yield Paragraph(summary)
            if mode == "quotes":
                kept = grid.quotes.get(cell, [])
                for hit in kept:
                    yield quote_of(hit, several_coders=several, with_attributes=row.attributes is None)
                if len(kept) < count:
                    yield Paragraph(f"Showing {len(kept)} of {count} quotes (--per-cell).", note=True)


def grid_cells(grid: Grid, row: GridRow, mode: str) -> list[str]:
    """A row's cells as spreadsheet text: the summary, then the quotes (each with its source) or the count."""
    cells = []
    for code in grid.codes:
        cell = (row.key, code.id)
        parts = list(grid.summaries.get(cell, []))
        if mode == "quotes":
            parts += [f"{hit.text} ({hit.document_id}, {hit.start}–{hit.end})" for hit in grid.quotes.get(cell, [])]
        else:
            parts.append(str(grid.counts.get(cell, 0)))
        cells.append("\n\n".join(parts))
    return cells


def write_grid_csv(
    grid: Grid, path: Path, *, mode: str = "quotes", excel: bool = False, text_filter: TextFilter = identity
) -> int:
    """The grid as CSV, one row per grid row and one column per code (`excel`: formulas shown as text, with
    a byte-order mark); owner-only, whole or not at all. Returns the number of rows written."""
    with private_output(path) as out:
        if excel:
            out.write(BYTE_ORDER_MARK)
        header = [grid.corner, *(code.name for code in grid.codes)]
        for cells in (header, *([row.label, *grid_cells(grid, row, mode)] for row in grid.rows)):
            buffer = io.StringIO(newline="")
            csv.writer(buffer, lineterminator="\n").writerow([text_filter(cell) for cell in cells])
            line = buffer.getvalue()
            out.write(spreadsheet_csv(line).removeprefix(BYTE_ORDER_MARK) if excel else line)
    return len(grid.rows)
