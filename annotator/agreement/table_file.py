"""Read reliability data from CSV: one row per unit, one column per coder (header = coder names), empty = missing."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from annotator.agreement.unit_table import UnitTable, Value
from annotator.domain.errors import InputError
from annotator.domain.textfiles import read_text_file


def read_unit_table(path: str | Path, categories: Sequence[str] | None = None) -> tuple[UnitTable, int]:
    """The table in a CSV file and its number of data rows.

    Values are numbers when every filled cell is a number (so `1` and `1.0` are one category),
    otherwise text with surrounding spaces removed. `categories` (text, as in the file) names the
    codebook's categories for Brennan–Prediger and AC1; they are converted like the cells.
    """
    text = read_text_file(path)
    return parse_unit_table(text, path, categories)


def parse_unit_table(
    text: str, path: str | Path = "<table>", categories: Sequence[str] | None = None
) -> tuple[UnitTable, int]:
    """Parse CSV text into a unit table; `path` is only used in messages."""
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InputError(f"not valid CSV ({error})", path=path, line=reader.line_num) from None
    if not rows:
        raise InputError("empty file; expected a header row of coder names", path=path)
    header = [name.strip() for name in rows[0]]
    if len(header) < 2 or any(not name for name in header):
        raise InputError("the header must name two or more coders, one per column, none blank", path=path, line=1)
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise InputError(f"coder named twice in the header: {', '.join(duplicates)}", path=path, line=1)
    cells: list[list[str | None]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue  # a blank line is no unit
        if len(row) > len(header):
            raise InputError(f"{len(row)} cells for {len(header)} coders", path=path, line=line)
        padded = [cell.strip() or None for cell in row] + [None] * (len(header) - len(row))
        cells.append(padded)
    filled = [cell for row in cells for cell in row if cell is not None] + list(categories or ())
    numeric = bool(filled) and all(_is_number(cell) for cell in filled)
    convert = _number if numeric else str
    values: list[list[Value | None]] = [[None if cell is None else convert(cell) for cell in row] for row in cells]
    chosen = [convert(category.strip()) for category in categories] if categories else None
    return UnitTable.from_rows(header, values, chosen), len(cells)


def _is_number(cell: str) -> bool:
    """Whether a cell reads as a finite number."""
    try:
        value = float(cell)
    except ValueError:
        return False
    return value == value and value not in (float("inf"), float("-inf"))


def _number(cell: str) -> int | float:
    """A cell as int when whole, else float (so `2` and `2.0` are the same category)."""
    value = float(cell)
    return int(value) if value.is_integer() else value
