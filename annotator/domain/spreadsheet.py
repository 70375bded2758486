"""CSV for spreadsheets (`--excel`): cells a spreadsheet would run as formulas are shown as text."""

from __future__ import annotations

import csv
import io
import re

# What a spreadsheet takes for the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number is read as a number, never as a formula: in a rendered CSV, where every cell is
# text, a figure such as -0.25 stays a number a chart can use.
_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
# Without a byte-order mark Excel reads UTF-8 (Korean names, curly quotes) as another encoding.
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with `'` so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_csv(text: str) -> str:
    """CSV `text` (as our writers make it: LF line ends) rewritten for a spreadsheet: a byte-order
    mark, and every cell that would run as a formula prefixed with `'` (plain numbers stay numbers)."""
    out = io.StringIO(newline="")
    out.write(BYTE_ORDER_MARK)
    plain = csv.writer(out, lineterminator="\n")
    # With LF line ends the csv module leaves a lone CR unquoted, and readers take it for a line
    # break; a row holding one is written fully quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in csv.reader(io.StringIO(text, newline="")):
        cells = [cell if _NUMBER.fullmatch(cell) else spreadsheet_safe(cell) for cell in row]
        (quoted if any("\r" in str(cell) for cell in cells) else plain).writerow(cells)
    return out.getvalue()
