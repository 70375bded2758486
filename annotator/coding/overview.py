"""The overview's core, headless: testimonies (or one attribute's values) by codes (tree order), each cell
the spans of that code there; a comma-separated value ("Russia, Yemen") counts under each item."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.coding.codebook_view import code_depths
from annotator.domain.models import Code
from annotator.storage import Project
from annotator.storage.documents import DocumentSummary


def attribute_items(value: object) -> list[str]:
    """The items of an attribute value: "Russia, Yemen" is Russia and Yemen; blank is none."""
    return [item.strip() for item in str(value or "").split(",") if item.strip()]


def row_choices(testimonies: Iterable[DocumentSummary]) -> list[str | None]:
    """What the rows can be, in the order a key cycles them: testimonies (None), then each attribute."""
    names = sorted({name for testimony in testimonies for name in testimony.attributes})
    return [None, *names]


@dataclass(frozen=True)
class OverviewRow:
    """One row: its heading and the testimonies it holds (one, or those with the attribute value)."""

    heading: str
    document_ids: tuple[str, ...]


@dataclass(frozen=True)
class OverviewGrid:
    """Rows (testimonies or attribute values), columns of codes (with their depth in the tree), and each
    cell's span count; row -1 is every testimony (each span once, though its items are several rows)."""

    rows: list[OverviewRow]
    codes: list[tuple[Code, int]]
    cells: dict[tuple[int, str], int]  # (row index or -1, code id) -> spans; absent is 0
    row_totals: dict[int, int]  # row index or -1 -> spans of every code there

    def count(self, row: int, code_id: str) -> int:
        """The spans of `code_id` in a row (-1: every testimony)."""
        return self.cells.get((row, code_id), 0)

    def code_total(self, code_id: str) -> int:
        """The spans of `code_id` in every testimony."""
        return self.cells.get((-1, code_id), 0)

    def row_total(self, row: int) -> int:
        """The spans of every code in a row (-1: in every testimony)."""
        return self.row_totals.get(row, 0)


def overview_grid(
    codes: Sequence[Code],
    testimonies: Sequence[DocumentSummary],
    counts: Iterable[tuple[str, str, int]],
    attribute: str | None = None,
) -> OverviewGrid:
    """The grid from span counts (document, code, spans): rows the testimonies in list order, or with
    `attribute` its values (items of comma-separated values, sorted; testimonies without it left out)."""
    if attribute is None:
        rows = [OverviewRow(testimony.id, (testimony.id,)) for testimony in testimonies]
    else:
        holders: dict[str, list[str]] = {}
        for testimony in testimonies:
            for item in attribute_items(testimony.attributes.get(attribute)):
                holders.setdefault(item, []).append(testimony.id)
        rows = [OverviewRow(item, tuple(holders[item])) for item in sorted(holders, key=str.casefold)]
    where: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        for document_id in row.document_ids:
            where.setdefault(document_id, []).append(index)
    cells: dict[tuple[int, str], int] = {}
    totals: dict[int, int] = {}
    for document_id, code_id, spans in counts:
        for index in (-1, *where.get(document_id, ())):
            cells[(index, code_id)] = cells.get((index, code_id), 0) + spans
            totals[index] = totals.get(index, 0) + spans
    return OverviewGrid(rows, code_depths(list(codes)), cells, totals)


def overview_counts(project: Project, coders: Sequence[str] | None) -> list[tuple[str, str, int]]:
    """(testimony, code, spans) for every pair with spans of `coders` (None: every coder), grouped by SQLite
    so memory follows the cells, not the spans. The one place the overview counts: a count API of the
    query layer can take its place."""
    if coders is None or len(coders) == 1:
        coder = None if coders is None else coders[0]
        return [
            (document, code, spans)
            for document, _, code, spans in project.counts.grouped(["document_id", "code_id"], coder)
        ]
    chosen = set(coders)
    summed: dict[tuple[str, str], int] = {}
    for document, coder, code, spans in project.counts.grouped(["document_id", "coder", "code_id"]):
        if coder in chosen:
            summed[(document, code)] = summed.get((document, code), 0) + spans
    return [(document, code, spans) for (document, code), spans in summed.items()]


def count_overview(
    db_path: Path,
    coders: Sequence[str] | None,
    codes: Sequence[Code],
    testimonies: Sequence[DocumentSummary],
    attribute: str | None = None,
) -> OverviewGrid:
    """The overview grid counted on a connection of its own (for a thread worker)."""
    with Project.open(db_path, readonly=True) as project:
        counts = overview_counts(project, coders)
    return overview_grid(codes, testimonies, counts, attribute)
