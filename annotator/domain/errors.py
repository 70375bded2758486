"""Errors that the CLI and the TUI turn into one clear line for the user."""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """An error the user can act on; its text is the whole message shown."""


class InputError(AnnotatorError):
    """Bad input: names the file, the line or row when known, the field, and what is wrong."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.row = row
        self.field = field
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
        elif self.row is not None:
            where += f": row {self.row}"
        parts = [p for p in (where, self.field) if p]
        parts.append(self.detail)
        return ": ".join(parts)


SHOWN_VALUE_LIMIT = 40


def shown(value: str) -> str:
    """A value from a file as a message may show it: quoted (repr, so on one line) when short, else only its length.

    A cell read from the wrong column can hold testimony; a long or multi-line one is never echoed.
    """
    if len(value) <= SHOWN_VALUE_LIMIT and value.rstrip("\r\n").count("\n") == 0:
        return repr(value)
    return f"a {len(value)}-character value"
