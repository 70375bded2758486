"""Count matrices over coded spans: codes by document, attribute or coder, and code co-occurrence.

Counts are of spans, or (measure 'characters') of distinct characters coded: two overlapping
spans in one cell count their shared characters once, as NVivo's coverage does. Co-occurrence
is counted within each coder's coding (two coders agreeing is agreement, not co-occurrence) and
summed over coders.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.domain.errors import InputError
from annotator.domain.segments import paragraph_bounds
from annotator.query.selection import COUNT_COLUMNS, SpanSelection, SpanTuple
from annotator.storage import Project

if TYPE_CHECKING:
    from annotator.domain.models import Code
    from annotator.storage.saved_queries import SavedQuery

MEASURES = ("spans", "characters")
# Co-occurrence: counts; ATLAS.ti's c-coefficient n12 / (n1 + n2 - n12); the share of the row code's n1 that also holds the column code.
COOCCURRENCE_MEASURES = ("count", "c", "share")
C_IMBALANCE = 5  # ATLAS.ti's warning: the c-coefficient misleads when one code is used over 5 times as often
FORMATS = ("table", "csv", "markdown")
UNITS = ("overlap", "passage", "document")
QUERY_ITEM = "query:"  # a saved query named among cooccurrence's rows and columns
MISSING = "(none)"


@dataclass
class Matrix:
    """A labelled table of counts: `corner` names what the rows are; `row_names` and `column_names` give
    the name people read for an id (a code's name), where it has one."""

    corner: str
    rows: list[str]
    columns: list[str]
    values: dict[tuple[str, str], float]  # counts, or shares and coefficients (cooccurrence --measure)
    row_names: dict[str, str] = field(default_factory=dict)
    column_names: dict[str, str] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> float:
        """The value at (row, column), 0 when nothing was counted there."""
        return self.values.get((row, column), 0)

    def without_empty(self) -> Matrix:
        """The matrix without the rows and columns that hold only zeros."""
        rows = [row for row in self.rows if any(self.cell(row, column) for column in self.columns)]
        columns = [column for column in self.columns if any(self.cell(row, column) for row in self.rows)]
        return Matrix(self.corner, rows, columns, self.values, self.row_names, self.column_names)


@dataclass
class Axis:
    """One side of a matrix: its label, its values in display order, and the value a span falls under."""

    label: str
    values: list[str]
    key: Callable[[SpanTuple], str]
    # The spans column the key reads (position in SpanTuple), when it reads one column only: span
    # counts on such axes are then grouped by SQLite instead of read span by span.
    column: str | None = None
    # The values a span falls under when it may be several (the items of "Russia, Yemen"); else [key].
    items: Callable[[SpanTuple], list[str]] | None = None
    names: dict[str, str] = field(default_factory=dict)  # value -> what people read (a code's name)

    def keys(self, span: SpanTuple) -> list[str]:
        """Every value the span falls under on this axis."""
        return self.items(span) if self.items is not None else [self.key(span)]


def axis(project: Project, spec: str) -> Axis:
    """The axis `spec` names: code, document, coder, speaker, role or attribute:NAME; InputError otherwise."""
    if spec == "code":
        codes = project.codes.all()
        names = {code.id: code.name for code in codes}
        return Axis("code", [code.id for code in codes], lambda span: span[2], "code_id", names=names)
    if spec == "document":
        return Axis("document", project.documents.ids(), lambda span: span[0], "document_id")
    if spec == "coder":
        return Axis("coder", project.coders.all(), lambda span: span[1], "coder")
    if spec.startswith("attribute:") and spec[len("attribute:") :].strip():
        name = spec[len("attribute:") :].strip()
        documents = project.documents.all()
        known = sorted({attribute for document in documents for attribute in document.attributes})
        if name not in known:
            raise InputError(f"no document has an attribute {name!r} (attributes: {', '.join(known) or 'none'})")
        value_of = {document.id: document.attributes.get(name) or MISSING for document in documents}
        values = sorted(set(value_of.values()) - {MISSING}) + ([MISSING] if MISSING in value_of.values() else [])
        return Axis(name, values, lambda span: value_of[span[0]], "document_id")
    if spec.startswith("items:") and spec[len("items:") :].strip():
        return _items_axis(project, spec[len("items:") :].strip())
    if spec in ("speaker", "role"):
        return _turn_axis(project, spec)
    raise InputError(f"{spec!r} is not an axis; use code, document, coder, speaker, role, attribute:NAME or items:NAME")


def _items_axis(project: Project, name: str) -> Axis:
    """An attribute whose values are comma-separated lists, each item its own value ("Russia, Yemen"
    counts under Russia and under Yemen): a span counts once under each item of its document's value."""
    documents = project.documents.summaries()
    known = sorted({attribute for document in documents for attribute in document.attributes})
    if name not in known:
        raise InputError(f"no document has an attribute {name!r} (attributes: {', '.join(known) or 'none'})")
    items_of = {
        document.id: [item.strip() for item in str(document.attributes.get(name) or "").split(",") if item.strip()]
        or [MISSING]
        for document in documents
    }
    every = {item for items in items_of.values() for item in items}
    values = sorted(every - {MISSING}) + ([MISSING] if MISSING in every else [])
    return Axis(name, values, lambda span: items_of[span[0]][0], None, lambda span: items_of[span[0]])


def _turn_axis(project: Project, spec: str) -> Axis:
    """Speaker or role of the transcript turn each span starts in ('(none)' outside any turn)."""
    from annotator.transcripts.passages import TurnLookup

    turns = TurnLookup(project.documents.passages())
    values = [value for value in (turns.speakers() if spec == "speaker" else turns.roles()) if value]
    if not values:
        what = "speaker turns" if spec == "speaker" else "speaker roles (set them with `annotator speakers role`)"
        raise InputError(f"the project has no {what}")

    def value_of(span: SpanTuple) -> str:
        turn = turns.at(span[0], span[3])
        return (turn.attributes.get(spec) if turn is not None else None) or MISSING

    return Axis(spec, [*values, MISSING], value_of)


def _selection(
    project: Project, coder: str | None, documents: Collection[str] | None, codes: Collection[str] | None = None
) -> SpanSelection:
    """The spans a matrix counts: one coder's or everyone's, in the given documents (None: all), of the given codes."""
    if coder is not None:
        project.coders.validate(coder)
    return SpanSelection(
        coders=None if coder is None else (coder,),
        codes=None if codes is None else tuple(codes),
        exact=True,
        documents=None if documents is None else tuple(documents),
    )


def _grouped_counts(
    project: Project, coder: str | None, documents: Collection[str] | None, columns: set[str]
) -> Iterator[tuple[SpanTuple, int]]:
    """Span counts on the given columns (from the query layer: the totals or a GROUP BY), each group as a
    SpanTuple whose other positions are blank: memory follows the matrix's cells, not the project's spans."""
    by = tuple(column for column in COUNT_COLUMNS if column in columns)
    for key, count in _selection(project, coder, documents).count(project, by).items():
        values = dict(zip(by, key))
        yield (values.get("document_id", ""), values.get("coder", ""), values.get("code_id", ""), 0, 0), count


def span_matrix(
    project: Project,
    *,
    rows: str = "code",
    cols: str = "document",
    coder: str | None = None,
    measure: str = "spans",
    documents: Collection[str] | None = None,
) -> Matrix:
    """Spans (or distinct coded characters) per row and column value (of the given documents, or all)."""
    if measure not in MEASURES:
        raise InputError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    if rows == "queries":
        return _query_matrix(project, axis(project, cols), coder, documents)
    row_axis, column_axis = axis(project, rows), axis(project, cols)
    values: dict[tuple[str, str], float] = defaultdict(int)
    if measure == "spans" and row_axis.column and column_axis.column:
        for group, count in _grouped_counts(project, coder, documents, {row_axis.column, column_axis.column}):
            values[row_axis.key(group), column_axis.key(group)] += count
        return _matrix(row_axis, column_axis, values)
    spans = _selection(project, coder, documents).tuples(project)
    if measure == "spans":
        for span in spans:
            for row in row_axis.keys(span):
                for column in column_axis.keys(span):
                    values[row, column] += 1
    else:
        stretches: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
        for span in spans:
            for row in row_axis.keys(span):
                for column in column_axis.keys(span):
                    stretches[row, column, span[0]].append((span[3], span[4]))
        for (row, column, _document), ranges in stretches.items():
            values[row, column] += covered(ranges)
    return _matrix(row_axis, column_axis, values)


def _matrix(rows: Axis, columns: Axis, values: dict[tuple[str, str], float]) -> Matrix:
    """The matrix of counts over two axes, with their names."""
    return Matrix(rows.label, rows.values, columns.values, dict(values), rows.names, columns.names)


def _query_matrix(project: Project, column_axis: Axis, coder: str | None, documents: Collection[str] | None) -> Matrix:
    """Hits of each saved query per column value (document, attribute or items), re-evaluated now:
    with the coders it was saved with, or `coder` when given."""
    if column_axis.label in ("code", "coder"):
        raise InputError("--rows queries counts hits per document, attribute:NAME or items:NAME, not per code or coder")
    from annotator.query.engine import QueryOptions, run_query

    saved = project.queries.all()
    if not saved:
        raise InputError("no saved queries; save one with `annotator queries save NAME 'EXPR'`")
    values: dict[tuple[str, str], float] = defaultdict(int)
    for query in saved:
        coders = (coder,) if coder is not None else tuple(query.options.get("coders", ())) or (query.coder,)
        found = run_query(project, query.expression, QueryOptions.from_saved(query.options, coders))
        for hit in found:
            if documents is None or hit.document_id in documents:
                for column in column_axis.keys((hit.document_id, "", "", hit.start, hit.end)):
                    values[query.name, column] += 1
    return Matrix("query", [query.name for query in saved], column_axis.values, dict(values), {}, column_axis.names)


def covered(ranges: Iterable[tuple[int, int]]) -> int:
    """How many positions the half-open ranges cover together (overlaps counted once)."""
    total, reach = 0, -1
    for start, end in sorted(ranges):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def cooccurrence_matrix(
    project: Project,
    *,
    coder: str | None = None,
    unit: str = "overlap",
    documents: Collection[str] | None = None,
    measure: str = "count",
    items: Sequence[str] | None = None,
) -> Matrix:
    """How often two codes are applied together, within each coder's coding, summed over coders.

    `items` (default every code) names the rows and columns: codes by id or name, and saved queries as
    `query:NAME`, whose hits count as segments of one more code, evaluated within each coder's coding
    (as `@NAME` inside a query takes the outer query's coders).

    unit 'overlap': pairs of overlapping spans (the diagonal holds each code's span count);
    'passage': passages holding both codes (a document's stored passages, else its paragraphs);
    'document': documents holding both codes. The diagonal of the last two counts units holding the code.
    measure 'c': the c-coefficient n12 / (n1 + n2 - n12), n1 and n2 the diagonal; 'share': n12 / n1
    (the row code's share that also holds the column code; the transposed cell is n12 / n2).
    """
    if unit not in UNITS:
        raise InputError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    if measure not in COOCCURRENCE_MEASURES:
        raise InputError(f"measure {measure!r} is not one of {', '.join(COOCCURRENCE_MEASURES)}")
    every_code = project.codes.all()
    queries: dict[str, str] = {}
    if items is None:
        codes = [code.id for code in every_code]
    else:
        codes, queries = _cooccurrence_items(every_code, project.queries.all(), items)
    names = {code.id: code.name for code in every_code}
    values: dict[tuple[str, str], float] = defaultdict(int)
    groups: dict[tuple[str, str], list[SpanTuple]] = defaultdict(list)
    counted = None if items is None else [code for code in codes if code not in queries]
    spans = _selection(project, coder, documents, counted).tuples(project)
    for span in [*spans, *_query_segments(project, queries, coder, documents)]:
        groups[span[1], span[0]].append(span)
    units = _units(project) if unit == "passage" else {}
    for (_coder, document), spans in groups.items():
        if unit == "overlap":
            _count_overlaps(spans, values)
        else:
            bounds = units.get(document, []) if unit == "passage" else [(0, max(span[4] for span in spans))]
            for low, high in bounds:
                present = sorted({span[2] for span in spans if span[3] < high and low < span[4]})
                for index, first in enumerate(present):
                    values[first, first] += 1
                    for second in present[index + 1 :]:
                        values[first, second] += 1
                        values[second, first] += 1
    counts = Matrix("code", codes, codes, dict(values), names, names)
    return counts if measure == "count" else coefficients(counts, measure)


def _cooccurrence_items(
    codes: Sequence[Code], saved: Sequence[SavedQuery], named: Sequence[str]
) -> tuple[list[str], dict[str, str]]:
    """The rows and columns `named` gives, in order (codes by id or name, `query:NAME` a saved query),
    and the expression of each saved query among them; InputError naming what is unknown."""
    by_name = {code.name.casefold(): code.id for code in codes} | {code.id: code.id for code in codes}
    expressions = {f"{QUERY_ITEM}{query.name}": query.name for query in saved}
    chosen: list[str] = []
    queries: dict[str, str] = {}
    for item in (item.strip() for item in named):
        if item.startswith(QUERY_ITEM):
            if item not in expressions:
                known = ", ".join(sorted(expressions)) or "none; save one with `annotator queries save NAME 'EXPR'`"
                raise InputError(f"--codes: no saved query {item[len(QUERY_ITEM) :]!r} (saved: {known})")
            queries[item] = expressions[item]
            chosen.append(item)
        elif item.casefold() in by_name or item in by_name:
            chosen.append(by_name.get(item) or by_name[item.casefold()])
        else:
            raise InputError(
                f"--codes: no code {item!r}; `annotator codes list` lists them, `query:NAME` names a saved query"
            )
    if not chosen:
        raise InputError("--codes names no code and no saved query")
    return list(dict.fromkeys(chosen)), queries


def _query_segments(
    project: Project, queries: Mapping[str, str], coder: str | None, documents: Collection[str] | None
) -> list[SpanTuple]:
    """Each saved query's hits within each coder's coding (one coder's with `coder`), as spans of the
    item `query:NAME`: evaluated afresh, with the query's own unit and filters, for that coder alone."""
    if not queries:
        return []
    from annotator.query.engine import QueryOptions, run_query

    segments: list[SpanTuple] = []
    for item, name in queries.items():
        saved = project.queries.get(name)
        for each in [coder] if coder is not None else project.coders.with_spans():
            for hit in run_query(project, saved.expression, QueryOptions.from_saved(saved.options, (each,))):
                if documents is None or hit.document_id in documents:
                    segments.append((hit.document_id, each, item, hit.start, hit.end))
    return segments


def coefficients(counts: Matrix, measure: str) -> Matrix:
    """The c-coefficient or the conditional share of each pair of a count matrix (the diagonal: 1)."""
    values: dict[tuple[str, str], float] = {}
    for (first, second), both in counts.values.items():
        n1, n2 = counts.cell(first, first), counts.cell(second, second)
        if first == second:
            values[first, second] = 1.0
        elif measure == "c":
            values[first, second] = min(1.0, both / (n1 + n2 - both)) if n1 + n2 - both > 0 else 0.0
        else:
            values[first, second] = min(1.0, both / n1) if n1 else 0.0
    return Matrix(counts.corner, counts.rows, counts.columns, values, counts.row_names, counts.column_names)


def imbalanced_pairs(counts: Matrix) -> list[tuple[str, str]]:
    """Pairs of codes that co-occur where one is used over C_IMBALANCE times as often as the other:
    their c-coefficient is small however often the rarer one occurs with the other (ATLAS.ti's warning)."""
    pairs = []
    for (first, second), both in counts.values.items():
        if first < second and both:
            n1, n2 = counts.cell(first, first), counts.cell(second, second)
            if min(n1, n2) and max(n1, n2) > C_IMBALANCE * min(n1, n2):
                pairs.append((first, second))
    return sorted(pairs)


def _count_overlaps(spans: list[SpanTuple], values: dict[tuple[str, str], float]) -> None:
    ordered = sorted(spans, key=lambda span: (span[3], span[4]))
    for index, (_, _, code, _start, end) in enumerate(ordered):
        values[code, code] += 1
        for _, _, other, other_start, _other_end in ordered[index + 1 :]:
            if other_start >= end:
                break
            if other != code:
                values[code, other] += 1
                values[other, code] += 1


def _units(project: Project) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for passage in project.documents.passages():
        found[passage.document_id].append((passage.start, passage.end))
    for document in project.documents.all():
        if document.id not in found:
            found[document.id] = paragraph_bounds(document.text)
    return found


def _number(value: float) -> str:
    """A count as it is; a share or coefficient to two decimals."""
    return str(value) if isinstance(value, int) else f"{value:.2f}"


def render(matrix: Matrix, fmt: str) -> str:
    """The matrix as an aligned text table or a Markdown table (codes by name), or CSV (codes by id, for machines)."""
    header = [matrix.corner, *matrix.columns]
    body = [[row, *(_number(matrix.cell(row, column)) for column in matrix.columns)] for row in matrix.rows]
    if fmt != "csv":
        header = [matrix.corner, *(matrix.column_names.get(column, column) for column in matrix.columns)]
        body = [[matrix.row_names.get(row[0], row[0]), *row[1:]] for row in body]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return out.getvalue()
    if fmt == "markdown":

        def line(cells: list[str]) -> str:
            return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

        rule = "|" + "|".join(["---"] + ["---:"] * len(matrix.columns)) + "|"
        return "\n".join([line(header), rule, *(line(row) for row in body)]) + "\n"
    if fmt == "table":
        widths = [max(len(row[index]) for row in [header, *body]) for index in range(len(header))]
        lines = []
        for row in [header, *body]:
            cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines) + "\n"
    raise InputError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
