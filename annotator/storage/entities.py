"""The rows an action can change, each read and written as one whole state (what events record)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.storage.database import now
from annotator.storage.rows import SPAN_COLUMNS, span_from_row
from annotator.storage.sqlite_library import sqlite_utils

State = dict[str, Any]

SPAN = "span"
# A coder's rejection of a suggested code for a unit (storage/suggestions.py).
SUGGESTION_REJECTION = "suggestion_rejection"


@dataclass(frozen=True)
class Change:
    """One row of one table moved from `before` to `after` (None = absent), as an event records it."""

    entity: str
    key: str
    before: State | None
    after: State | None


class StateRefused(AnnotatorError):
    """A stored state (an event's before or after) that is not a row of its table: nothing is written."""


# The values SQLite stores as they are; anything else in a state is not a row's value.
SCALARS = (str, int, float, type(None))


class RowTable:
    """A table whose rows are restored column for column; the state is the row as a dict.

    Its columns are a fixed allow-list written here (and compared with the schema by a test):
    the SQL that writes a row is built from these names only, never from the keys of a state,
    which come from the event log and so, after a merge or a hand edit, from anyone."""

    def __init__(self, name: str, key_columns: tuple[str, ...], columns: tuple[str, ...]) -> None:
        self.name = name
        self.key_columns = key_columns
        self.columns = columns

    def key_of(self, state: State) -> str:
        """The key an event names the row by: the key column, or a JSON list of several."""
        values = [state[column] for column in self.key_columns]
        return str(values[0]) if len(values) == 1 else json.dumps(values, ensure_ascii=False)

    def prepare(self, state: State | None, stamp: str) -> State | None:
        """The state as it will be written and recorded (rows are written as given)."""
        return state

    def _key_values(self, key: str) -> list[Any]:
        if len(self.key_columns) == 1:
            return [key]
        try:
            values = json.loads(key)
        except ValueError:
            values = None
        if not isinstance(values, list) or len(values) != len(self.key_columns):
            raise StateRefused(f"{self.name}: the event log names a row by a malformed key; nothing was written")
        return values

    def _where(self) -> str:
        return " AND ".join(f"{column} = ?" for column in self.key_columns)

    def read(self, db: sqlite_utils.Database, key: str) -> State | None:
        """The row's state, or None when there is no such row."""
        cursor = db.execute(f"SELECT * FROM {self.name} WHERE {self._where()}", self._key_values(key))
        row = cursor.fetchone()
        if row is None:
            return None
        return {description[0]: value for description, value in zip(cursor.description, row)}

    def write(self, db: sqlite_utils.Database, key: str, state: State | None) -> None:
        """Make the row be `state`: updated in place when it exists (no cascade fires), inserted
        when not, deleted for None."""
        if state is None:
            db.execute(f"DELETE FROM {self.name} WHERE {self._where()}", self._key_values(key))
            return
        self.check_state(key, state)
        # Names from the allow-list, in its order: a state's keys only select among them.
        columns = [column for column in self.columns if column in state]
        updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column not in self.key_columns)
        db.execute(
            f"INSERT INTO {self.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
            f" ON CONFLICT ({', '.join(self.key_columns)}) DO UPDATE SET {updates or f'{columns[0]} = excluded.{columns[0]}'}",
            [state[column] for column in columns],
        )

    def check_state(self, key: str, state: State) -> None:
        """StateRefused, in one line naming the row, when a state has a key that is not a column of
        the table, lacks a key column, or holds a value SQLite cannot store as it is."""
        unknown = [name for name in state if name not in self.columns]
        if unknown:
            raise StateRefused(
                f"{self.name} row {key!r}: a stored state names {len(unknown)} field(s) that are not columns of "
                f"{self.name}; nothing was written"
            )
        missing = [column for column in self.key_columns if column not in state]
        if missing:
            raise StateRefused(
                f"{self.name} row {key!r}: a stored state lacks {', '.join(missing)}; nothing was written"
            )
        wrong = sorted(name for name, value in state.items() if not isinstance(value, SCALARS))
        if wrong:
            raise StateRefused(
                f"{self.name} row {key!r}: a stored state holds no single value for {', '.join(wrong)}; nothing was written"
            )


class SpanTable:
    """The spans table; a span's state is `Span.state()` (the form events have always recorded)."""

    name = "spans"
    # A span state's fields (not the table's columns: offsets are `start` and `end`).
    required = ("id", "document_id", "code_id", "coder", "start", "end", "text")
    fields = (*required, "memo", "created_at")

    def check_state(self, key: str, state: State) -> None:
        """StateRefused when a span state has a field spans do not have, lacks one, or holds a value of the wrong type."""
        if any(name not in self.fields for name in state):
            raise StateRefused(f"span {key}: a stored state names fields spans do not have; nothing was written")
        missing = [name for name in self.required if name not in state]
        if missing:
            raise StateRefused(f"span {key}: a stored state lacks {', '.join(missing)}; nothing was written")
        numbers = ("start", "end")
        wrong = [
            name
            for name, value in state.items()
            if not (
                isinstance(value, int) and not isinstance(value, bool) if name in numbers else isinstance(value, str)
            )
            and not (name == "created_at" and value is None)
        ]
        if wrong:
            raise StateRefused(
                f"span {key}: a stored state holds a value of the wrong type for {', '.join(wrong)}; nothing was written"
            )

    def key_of(self, state: State) -> str:
        """A span is named by its id."""
        return str(state["id"])

    def prepare(self, state: State | None, stamp: str) -> State | None:
        """A new span's creation time is the action's, recorded in the event as in the row."""
        if state is None or state.get("created_at"):
            return state
        return {**state, "created_at": stamp}

    def read(self, db: sqlite_utils.Database, key: str) -> State | None:
        """The span's state, or None."""
        row = db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [key]).fetchone()
        return span_from_row(row).state() if row else None

    def write(self, db: sqlite_utils.Database, key: str, state: State | None) -> None:
        """Insert, update or delete the span; its update time becomes now."""
        if state is None:
            db.execute("DELETE FROM spans WHERE id = ?", [key])
            return
        self.check_state(key, state)
        stamp = now()
        db.execute(
            f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " document_id = excluded.document_id, code_id = excluded.code_id, coder = excluded.coder,"
            " start_offset = excluded.start_offset, end_offset = excluded.end_offset, text = excluded.text,"
            " memo = excluded.memo, updated_at = excluded.updated_at",
            [
                state["id"],
                state["document_id"],
                state["code_id"],
                state["coder"],
                state["start"],
                state["end"],
                state["text"],
                state.get("memo", ""),
                state["created_at"],
                stamp,
            ],
        )


TABLES: dict[str, SpanTable | RowTable] = {
    SPAN: SpanTable(),
    "code": RowTable(
        "codes",
        ("id",),
        (
            "id",
            "name",
            "parent_id",
            "colour",
            "key",
            "definition",
            "include",
            "exclude",
            "examples",
            "guid",
            "position",
            "origin",
            "created_at",
        ),
    ),
    "document": RowTable(
        "documents",
        ("id",),
        ("id", "title", "text", "content_hash", "attributes", "position", "guid", "created_at"),
    ),
    "passage": RowTable(
        "passages", ("id",), ("id", "document_id", "start_offset", "end_offset", "section", "attributes")
    ),
    "progress": RowTable("progress", ("coder", "document_id"), ("coder", "document_id", "done", "updated_at")),
    "meta": RowTable("project", ("key",), ("key", "value")),
    "coder": RowTable("coders", ("name",), ("name", "guid", "current_document", "created_at")),
    "saved_query": RowTable("saved_queries", ("name",), ("name", "expression", "options", "coder", "created_at")),
    "memo": RowTable(
        "memos", ("id",), ("id", "kind", "document_id", "code_id", "author", "text", "created_at", "updated_at")
    ),
    "pseudonym": RowTable(
        "pseudonyms",
        ("id",),
        ("id", "kind", "original", "variants", "replacement", "method", "coder", "created_at"),
    ),
    "pseudonym_candidate": RowTable(
        "pseudonym_candidates",
        ("id",),
        (
            "id",
            "document_id",
            "start_offset",
            "end_offset",
            "text",
            "source",
            "status",
            "entry",
            "created_at",
            "field",  # migration m010 added it last
        ),
    ),
    SUGGESTION_REJECTION: RowTable(
        "suggestion_rejections",
        ("coder", "document_id", "start_offset", "end_offset", "code_id"),
        ("coder", "document_id", "start_offset", "end_offset", "code_id", "suggester", "score", "created_at"),
    ),
}


def table(entity: str) -> SpanTable | RowTable:
    """The table behind an entity name of the event log; StateRefused for a name it does not know."""
    try:
        return TABLES[entity]
    except KeyError:
        raise StateRefused(
            f"the event log names a kind of row annotator does not know ({entity!r}); nothing was written"
        ) from None


def read_state(db: sqlite_utils.Database, entity: str, key: str) -> State | None:
    """The current state of one row of an entity (None when absent)."""
    return table(entity).read(db, key)


def change_to(db: sqlite_utils.Database, entity: str, after: State | None, *, key: str | None = None) -> Change:
    """A Change from the row's current state to `after` (deleting when `after` is None; give `key` then)."""
    rows = table(entity)
    if key is None:
        assert after is not None, "a deletion needs the key"
        key = rows.key_of(after)
    return Change(entity, key, rows.read(db, key), after)
