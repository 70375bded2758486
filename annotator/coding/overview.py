"""The overview's core, headless: testimonies (or one attribute's values) by codes (tree order), each cell
the spans of that code there; a comma-separated value ("Russia, Yemen") counts under each item.

The overview reads its counts here only (`lazy_overview`, `overview_counts`, through `project.counts`),
so a count API of the query layer can take their place in one module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.coding.codebook_view import code_depths
from annotator.domain.models import Code
from annotator.query.selection import SpanSelection
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


RowReader = Callable[[OverviewRow], Mapping[str, int]]


class OverviewGrid:
    """Rows (testimonies or attribute values), columns of codes (with their depth in the tree), and each
    cell's span count; a row's counts are read when first asked for (the rows on screen), row -1 being
    every testimony (each span once, though its items are several rows)."""

    def __init__(
        self,
        rows: list[OverviewRow],
        codes: list[tuple[Code, int]],
        code_totals: Mapping[str, int],
        read_row: RowReader,
    ) -> None:
        self.rows = rows
        self.codes = codes
        self._code_totals = code_totals
        self._read_row = read_row
        self._read: dict[int, Mapping[str, int]] = {}

    def row_counts(self, row: int) -> Mapping[str, int]:
        """Spans per code in a row (-1: every testimony), read once."""
        if row == -1:
            return self._code_totals
        if row not in self._read:
            self._read[row] = self._read_row(self.rows[row])
        return self._read[row]

    @property
    def rows_read(self) -> int:
        """How many rows' counts have been read so far."""
        return len(self._read)

    def count(self, row: int, code_id: str) -> int:
        """The spans of `code_id` in a row (-1: every testimony)."""
        return self.row_counts(row).get(code_id, 0)

    def code_total(self, code_id: str) -> int:
        """The spans of `code_id` in every testimony."""
        return self._code_totals.get(code_id, 0)

    def row_total(self, row: int) -> int:
        """The spans of every code in a row (-1: in every testimony)."""
        return sum(self.row_counts(row).values())


def overview_rows(testimonies: Sequence[DocumentSummary], attribute: str | None = None) -> list[OverviewRow]:
    """The testimonies in list order, or with `attribute` its values (items of comma-separated values,
    sorted; testimonies without it left out)."""
    if attribute is None:
        return [OverviewRow(testimony.id, (testimony.id,)) for testimony in testimonies]
    holders: dict[str, list[str]] = {}
    for testimony in testimonies:
        for item in attribute_items(testimony.attributes.get(attribute)):
            holders.setdefault(item, []).append(testimony.id)
    return [OverviewRow(item, tuple(holders[item])) for item in sorted(holders, key=str.casefold)]


def left_out(testimonies: Sequence[DocumentSummary], attribute: str | None) -> str:
    """` · 16 of 18 testimonies have no age (in no row)`, when rows by `attribute` leave testimonies out
    (the overview's All row still counts their spans); empty when none is left out."""
    if attribute is None:
        return ""
    missing = sum(1 for testimony in testimonies if not attribute_items(testimony.attributes.get(attribute)))
    if not missing:
        return ""
    have = "has" if missing == 1 else "have"
    return f" · {missing} of {len(testimonies)} testimonies {have} no {attribute} (in no row)"


def overview_grid(
    codes: Sequence[Code],
    testimonies: Sequence[DocumentSummary],
    counts: Iterable[tuple[str, str, int]],
    attribute: str | None = None,
) -> OverviewGrid:
    """The grid from every span count (document, code, spans), summed into its rows at once."""
    rows = overview_rows(testimonies, attribute)
    where: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        for document_id in row.document_ids:
            where.setdefault(document_id, []).append(index)
    cells: dict[int, Counter[str]] = {}
    for document_id, code_id, spans in counts:
        for index in (-1, *where.get(document_id, ())):
            cells.setdefault(index, Counter())[code_id] += spans
    by_heading = {row.heading: cells.get(index, Counter()) for index, row in enumerate(rows)}
    return OverviewGrid(rows, code_depths(list(codes)), cells.get(-1, Counter()), lambda row: by_heading[row.heading])


def lazy_overview(
    project: Project, coders: Sequence[str] | None, codes: Sequence[Code], testimonies: Sequence[DocumentSummary]
) -> OverviewGrid:
    """Testimonies by codes, each testimony's counts read (one indexed query) only when its row is drawn,
    the totals from the totals the triggers keep: opening costs the rows on screen, not the project."""

    def summed(document_id: str | None) -> Counter[str]:
        documents = None if document_id is None else (document_id,)
        return Counter(SpanSelection(coders=coders, documents=documents).count_per(project, "code_id"))

    rows = overview_rows(testimonies)
    return OverviewGrid(rows, code_depths(list(codes)), summed(None), lambda row: summed(row.document_ids[0]))


def overview_counts(project: Project, coders: Sequence[str] | None) -> list[tuple[str, str, int]]:
    """(testimony, code, spans) for every pair with spans of `coders` (None: every coder), grouped by SQLite
    so memory follows the cells, not the spans."""
    counts = SpanSelection(coders=coders).count(project, by=("document_id", "code_id"))
    return [(document, code, spans) for (document, code), spans in counts.items()]


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
