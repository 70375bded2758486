"""Read reliability data from CSV: one row per unit, one column per coder (header = coder names), empty = missing."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.agreement.unit_table import UnitTable, Value
from annotator.domain.errors import InputError
from annotator.domain.textfiles import read_text_file

COMMON_MISSING_MARKERS = ("NA", "N/A", ".", "*", "-", "NaN")
"""How R, SPSS, Stata and irrCAC's sample files write "no rating"; refused unless `--missing` says what they are."""

NOTHING_TO_COMPARE = "nothing to compare: no unit has ratings from two or more coders"


def read_unit_table(
    path: str | Path,
    categories: Sequence[str] | None = None,
    missing: Sequence[str] | None = None,
    level: str = "nominal",
) -> tuple[UnitTable, int]:
    """The table in a CSV file and its number of data rows (see `parse_unit_table`)."""
    text = read_text_file(path)
    return parse_unit_table(text, path, categories, missing, level)


def parse_unit_table(
    text: str,
    path: str | Path = "<table>",
    categories: Sequence[str] | None = None,
    missing: Sequence[str] | None = None,
    level: str = "nominal",
) -> tuple[UnitTable, int]:
    """Parse CSV text into a unit table; `path` is only used in messages.

    A blank cell is always missing. `missing` lists further cell texts (exact, after removing
    surrounding spaces) that mean "no rating"; when it is None, a cell spelled like one of
    `COMMON_MISSING_MARKERS` (any case) is refused rather than silently counted as a category.
    At levels other than nominal every other cell must be a number. Values are numbers when every
    filled cell is a number (so `1` and `1.0` are one category), otherwise text. `categories`
    (text, as in the file) names the codebook's categories for Brennan–Prediger and AC1; they are
    converted like the cells. A table where no unit has two ratings is refused: nothing to compare.
    """
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
    no_rating = {marker.strip() for marker in missing} if missing is not None else set()
    cells: list[list[str | None]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue  # a blank line is no unit
        if len(row) > len(header):
            raise InputError(f"{len(row)} cells for {len(header)} coders", path=path, line=line)
        padded = [_cell(cell, no_rating) for cell in row] + [None] * (len(header) - len(row))
        for coder, cell in zip(header, padded):
            if cell is not None:
                _check_cell(cell, missing is None, level, path, line, coder)
        cells.append(padded)
    if not any(sum(cell is not None for cell in row) >= 2 for row in cells):
        raise InputError(NOTHING_TO_COMPARE, path=path)
    filled = [cell for row in cells for cell in row if cell is not None] + list(categories or ())
    numeric = bool(filled) and all(_is_number(cell) for cell in filled)
    convert = _number if numeric else str
    values: list[list[Value | None]] = [[None if cell is None else convert(cell) for cell in row] for row in cells]
    chosen = [convert(category.strip()) for category in categories] if categories else None
    return UnitTable.from_rows(header, values, chosen), len(cells)


def _cell(cell: str, no_rating: set[str]) -> str | None:
    """A cell's text without surrounding spaces, or None when blank or named by `--missing`."""
    cell = cell.strip()
    return None if not cell or cell in no_rating else cell


def _check_cell(cell: str, guard_markers: bool, level: str, path: str | Path, line: int, coder: str) -> None:
    """Refuse a cell that is not a number at a numeric level, or a missing marker `--missing` did not declare."""
    where: dict[str, Any] = {"path": path, "line": line, "field": f"column {coder}"}
    marker = cell.casefold() in _MARKERS_FOLDED
    if level != "nominal" and not _is_number(cell):
        hint = f"; if it means no rating, pass --missing {cell}" if marker else ""
        raise InputError(f"{cell!r} is not a number, and the {level} level needs numeric values{hint}", **where)
    if marker and guard_markers:
        raise InputError(
            f"{cell!r} looks like a missing-value marker, not a category; pass --missing {cell} to read it "
            "as no rating (or --missing '' to keep it as a category)",
            **where,
        )


_MARKERS_FOLDED = {marker.casefold() for marker in COMMON_MISSING_MARKERS}


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
