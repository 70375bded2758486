"""A query refused: one line saying what is wrong, then the query with a caret under the place."""

from __future__ import annotations

from annotator.domain.errors import InputError

# How much of a long query is shown around the caret (a 100,000-character query is not echoed whole).
_SHOWN = 60


class QueryError(InputError):
    """A query that cannot be run; `column` is 1-based, 0 when the fault is in an option, not the query."""

    def __init__(self, message: str, query: str = "", column: int = 0) -> None:
        self.query = query
        self.column = column
        super().__init__(message + (_pointer(query, column) if column else ""))


def _pointer(query: str, column: int) -> str:
    """The stretch of the query around `column`, and a caret under that column, as two more lines."""
    index = column - 1
    first = max(0, index - _SHOWN // 2)
    shown = query[first : first + _SHOWN].replace("\t", " ").replace("\n", " ").replace("\r", " ")
    lead = "…" if first else ""
    tail = "…" if first + _SHOWN < len(query) else ""
    return f" (column {column})\n  {lead}{shown}{tail}\n  {' ' * (len(lead) + index - first)}^"
