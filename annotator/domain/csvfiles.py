"""Read CSV text strictly: a bounded field size, no unterminated quote, no duplicate header column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_CSV_FIELD

# The csv module's limit is one setting for the whole process; every reader of ours wants this one.
csv.field_size_limit(MAX_CSV_FIELD)


def csv_rows(text: str, path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """Each row of CSV `text` with the line it starts on; InputError naming the file and line when malformed.

    strict mode makes the reader refuse what it would otherwise guess at: a quote that is never
    closed (which would swallow the rest of the file into one cell) and text after a closing quote.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(_describe(str(error), line), path=path, line=line) from None
        yield line, row
        line = reader.line_num + 1


def _describe(problem: str, line: int) -> str:
    if "field larger than field limit" in problem:
        return f"a cell holds more than {MAX_CSV_FIELD:,} characters, the most a CSV cell may hold"
    if "unexpected end of data" in problem:
        return f"the quote opened in the row starting on line {line} is never closed; the file is cut short or a quote is missing"
    return f"is not valid CSV ({problem})"


def header_columns(header: list[str], path: str | Path) -> dict[str, int]:
    """Column index by name (stripped, lower case); InputError naming a column that appears twice."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if name and name in columns:
            raise InputError(
                f"column {name!r} appears twice in the header (columns {columns[name] + 1} and {index + 1}); keep one",
                path=path,
                line=1,
            )
        columns[name] = index
    return columns
