"""The overview's core, headless: codes (tree order) by testimonies or by one attribute's values, each
cell the spans of that code there; a comma-separated value ("Russia, Yemen") counts under each item."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.coding.codebook_view import code_depths
from annotator.domain.models import Code
from annotator.storage.documents import DocumentSummary


def attribute_items(value: object) -> list[str]:
    """The items of an attribute value: "Russia, Yemen" is Russia and Yemen; blank is none."""
    return [item.strip() for item in str(value or "").split(",") if item.strip()]


def column_choices(testimonies: Iterable[DocumentSummary]) -> list[str | None]:
    """What the columns can be, in the order a key cycles them: testimonies (None), then each attribute."""
    names = sorted({name for testimony in testimonies for name in testimony.attributes})
    return [None, *names]


@dataclass(frozen=True)
class OverviewColumn:
    """One column: its heading and the testimonies it holds (one, or those with the attribute value)."""

    heading: str
    document_ids: tuple[str, ...]


@dataclass(frozen=True)
class OverviewGrid:
    """Rows of codes (with their depth in the tree), columns, and each cell's span count."""

    rows: list[tuple[Code, int]]
    columns: list[OverviewColumn]
    cells: dict[tuple[str, int], int]  # (code id, column index) -> spans; absent is 0

    def count(self, code_id: str, column: int) -> int:
        """The spans of `code_id` in a column."""
        return self.cells.get((code_id, column), 0)

    def row_total(self, code_id: str) -> int:
        """The spans of `code_id` in every testimony (each counted once, though its items are several columns)."""
        return self.cells.get((code_id, -1), 0)


def overview_grid(
    codes: Sequence[Code],
    testimonies: Sequence[DocumentSummary],
    counts: Iterable[tuple[str, str, int]],
    attribute: str | None = None,
) -> OverviewGrid:
    """The grid from span counts (document, code, spans): columns the testimonies in list order, or with
    `attribute` its values (items of comma-separated values, sorted; testimonies without it left out)."""
    if attribute is None:
        columns = [OverviewColumn(testimony.id, (testimony.id,)) for testimony in testimonies]
    else:
        holders: dict[str, list[str]] = {}
        for testimony in testimonies:
            for item in attribute_items(testimony.attributes.get(attribute)):
                holders.setdefault(item, []).append(testimony.id)
        columns = [OverviewColumn(item, tuple(holders[item])) for item in sorted(holders, key=str.casefold)]
    where: dict[str, list[int]] = {}
    for index, column in enumerate(columns):
        for document_id in column.document_ids:
            where.setdefault(document_id, []).append(index)
    cells: dict[tuple[str, int], int] = {}
    for document_id, code_id, spans in counts:
        cells[(code_id, -1)] = cells.get((code_id, -1), 0) + spans
        for index in where.get(document_id, []):
            cells[(code_id, index)] = cells.get((code_id, index), 0) + spans
    return OverviewGrid(code_depths(list(codes)), columns, cells)
