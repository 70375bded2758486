"""Database rows to domain objects and back, at the storage boundary; nothing above sees a row.

The span and event tables are inserted into here and nowhere else."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.domain.models import Code, CodeExample, Document, Event, Passage, Span

SPAN_COLUMNS = "id, document_id, code_id, coder, start_offset, end_offset, text, memo, created_at, updated_at"
CODE_COLUMNS = "id, name, parent_id, colour, key, definition, include, exclude, examples, guid"
DOCUMENT_COLUMNS = "id, title, text, attributes"
EVENT_COLUMNS = "id, batch, at, coder, kind, span_id, before, after, reverts, detail, entity, entity_id"
# An event row as written: every column but the id SQLite assigns.
EVENT_VALUES = tuple[str, str, str, str, "str | None", "str | None", "str | None", "str | None", str, str, "str | None"]


def insert_span_rows(conn: sqlite3.Connection, spans: Iterable[Span]) -> None:
    """Insert spans as they are (ids, coders and times kept); a clash of ids fails the transaction."""
    conn.executemany(
        f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (s.id, s.document_id, s.code_id, s.coder, s.start, s.end, s.text, s.memo, s.created_at, s.updated_at)
            for s in spans
        ],
    )


def insert_event_rows(conn: sqlite3.Connection, rows: Sequence[EVENT_VALUES]) -> None:
    """Append events to the log, each given as EVENT_VALUES (JSON columns already dumped)."""
    conn.executemany(
        "INSERT INTO events (batch, at, coder, kind, span_id, before, after, reverts, detail, entity, entity_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def dump_state(state: dict[str, Any] | None) -> str | None:
    """A row's state as the event log stores it (JSON, keys sorted), None for absent."""
    return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True)


def dump_detail(detail: dict[str, Any] | None) -> str:
    """An event's detail as the log stores it (JSON, `{}` for none)."""
    return json.dumps(detail or {}, ensure_ascii=False)


def span_from_row(row: tuple[Any, ...]) -> Span:
    """A Span from a row selected with SPAN_COLUMNS."""
    return Span(*row)


def code_from_row(row: tuple[Any, ...]) -> Code:
    """A Code from a row selected with CODE_COLUMNS."""
    code_id, name, parent, colour, key, definition, include, exclude, examples, guid = row
    return Code.model_construct(
        id=code_id,
        name=name,
        parent=parent,
        colour=colour,
        key=key,
        definition=definition,
        include=include,
        exclude=exclude,
        examples=tuple(CodeExample.model_construct(**item) for item in json.loads(examples)),
        guid=guid,
    )


def document_from_row(row: tuple[Any, ...]) -> Document:
    """A Document from a row selected with DOCUMENT_COLUMNS."""
    doc_id, title, text, attributes = row
    return Document.model_construct(id=doc_id, title=title, text=text, attributes=json.loads(attributes))


def passage_from_row(row: tuple[Any, ...]) -> Passage:
    """A Passage from (document_id, start_offset, end_offset, section, attributes)."""
    document_id, start, end, section, attributes = row
    return Passage.model_construct(
        document_id=document_id, start=start, end=end, section=section, attributes=json.loads(attributes)
    )


def event_from_row(row: tuple[Any, ...]) -> Event:
    """An Event from a row selected with EVENT_COLUMNS."""
    event_id, batch, at, coder, kind, span_id, before, after, reverts, detail, entity, entity_id = row
    return Event(
        id=event_id,
        batch=batch,
        at=at,
        coder=coder,
        kind=kind,
        span_id=span_id,
        before=json.loads(before) if before else None,
        after=json.loads(after) if after else None,
        reverts=reverts,
        detail=json.loads(detail) if detail else {},
        entity=entity,
        entity_id=entity_id,
    )
