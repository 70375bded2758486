"""Document attributes as CSV: one row per document id, one column per attribute (an empty cell = unset)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from annotator.domain.csvfiles import csv_rows
from annotator.domain.errors import InputError, shown
from annotator.domain.models import Document
from annotator.domain.names import ATTRIBUTE_NAME, check_name

ID_COLUMN = "document"


def attributes_csv(documents: Iterable[Document]) -> str:
    """The CSV text: a `document` column, then every attribute name in order of first use."""
    documents = list(documents)
    names: dict[str, None] = {}
    for document in documents:
        names.update(dict.fromkeys(document.attributes))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([ID_COLUMN, *names])
    for document in documents:
        writer.writerow([document.id, *(document.attributes.get(name, "") for name in names)])
    return out.getvalue()


def read_attributes_csv(text: str, path: str | Path) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """The attributes of each document the CSV names, and the line of each; InputError naming the line of a bad row."""
    rows = csv_rows(text, path)
    header = next(rows, None)
    if header is None or not header[1] or header[1][0].strip().lower() != ID_COLUMN:
        raise InputError(f"the first column must be {ID_COLUMN!r} (the document id)", path=path, line=1)
    names = [name.strip() for name in header[1][1:]]
    seen: set[str] = set()
    for index, name in enumerate(names, start=2):
        if not name:
            raise InputError(f"column {index} has no attribute name", path=path, line=1)
        check_name(ATTRIBUTE_NAME, name, path=path, line=header[0], field=f"column {index}")
        if name in seen:
            raise InputError(f"attribute {shown(name)} appears twice in the header", path=path, line=1)
        seen.add(name)
    table: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names) + 1:
            raise InputError(f"has {len(cells)} cells where the header has {len(names) + 1}", path=path, line=line)
        document_id = cells[0].strip()
        if document_id in table:
            raise InputError(
                f"document {shown(document_id)} has a row already (line {first_line[document_id]}); keep one",
                path=path,
                line=line,
            )
        first_line[document_id] = line
        table[document_id] = {name: value for name, value in zip(names, cells[1:], strict=True) if value != ""}
    return table, first_line
