"""Storage steps that exchange files need and coding does not: keep GUIDs, bulk-write spans and events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from annotator.domain.models import Event, Span
from annotator.storage.base import check_coder_name
from annotator.storage.database import now
from annotator.storage.entities import table
from annotator.storage.project import Project
from annotator.storage.rows import (
    EVENT_COLUMNS,
    dump_detail,
    dump_state,
    event_from_row,
    insert_event_rows,
    insert_span_rows,
)


def add_coders(project: Project, coders: Mapping[str, str]) -> list[str]:
    """Register coders by name with the GUID given (a REFI-QDA user's, a packet's); existing names are kept.

    Returns the names that were new. A GUID already held by another coder is replaced by a fresh
    one rather than failing, since GUIDs only serve to name users in exchange files.
    """
    existing = set(project.coders())
    taken = set(project.coder_guids().values())
    added = []
    for name, guid in coders.items():
        name = check_coder_name(name)
        if name in existing:
            continue
        if guid in taken:
            project.ensure_coder(name)
        else:
            project.db.execute("INSERT INTO coders (name, guid, created_at) VALUES (?, ?, ?)", [name, guid, now()])
            taken.add(guid)
        existing.add(name)
        added.append(name)
    return added


def set_document_guids(project: Project, guids: Mapping[str, str]) -> None:
    """Give documents the GUIDs an exchange file names them by, so a later export writes the same ones."""
    project.db.conn.executemany(
        "UPDATE documents SET guid = ? WHERE id = ?", [(guid, doc) for doc, guid in guids.items()]
    )


def code_guids(project: Project) -> dict[str, str]:
    """The stable GUID of every code, by id."""
    return dict(project.db.execute("SELECT id, guid FROM codes").fetchall())


def span_contents(project: Project) -> dict[str, tuple[str, str, str, int, int, str]]:
    """Every span's (document, code, coder, start, end, memo) by id: what tells a re-import from a change."""
    rows = project.db.execute("SELECT id, document_id, code_id, coder, start_offset, end_offset, memo FROM spans")
    return {row[0]: tuple(row[1:]) for row in rows}


def write_spans(project: Project, spans: Sequence[Span]) -> None:
    """Insert checked spans as they are (ids, coders and times kept), registering no coder and logging nothing.

    Imports and merges call this inside their own transaction and log their own event; the
    coders must exist already (the foreign key says so if not).
    """
    insert_span_rows(project.db.conn, spans)


def replace_spans(project: Project, spans: Sequence[Span]) -> None:
    """Overwrite existing spans with these versions (same ids), times included."""
    project.db.conn.executemany(
        "UPDATE spans SET document_id = ?, code_id = ?, coder = ?, start_offset = ?, end_offset = ?, text = ?,"
        " memo = ?, created_at = ?, updated_at = ? WHERE id = ?",
        [
            (s.document_id, s.code_id, s.coder, s.start, s.end, s.text, s.memo, s.created_at, s.updated_at, s.id)
            for s in spans
        ],
    )


def delete_spans(project: Project, span_ids: Iterable[str]) -> None:
    """Delete spans by id."""
    project.db.conn.executemany("DELETE FROM spans WHERE id = ?", [(span_id,) for span_id in span_ids])


def all_events(project: Project) -> list[Event]:
    """The whole event log, oldest first."""
    return [event_from_row(row) for row in project.db.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id")]


def event_key(event: Event) -> tuple[str, str, str, str]:
    """What identifies an event across projects: its batch (a random id), span, kind and time."""
    return (event.batch, event.span_id or "", event.kind, event.at)


def append_events(project: Project, events: Sequence[Event]) -> None:
    """Append copies of events from another project (a packet), keeping their batch, time and coder."""
    insert_event_rows(
        project.db.conn,
        [
            (
                e.batch,
                e.at,
                e.coder,
                e.kind,
                e.span_id,
                dump_state(e.before),
                dump_state(e.after),
                e.reverts,
                dump_detail(e.detail),
                e.entity,
                e.entity_id,
            )
            for e in events
        ],
    )


def progress_rows(project: Project) -> dict[tuple[str, str], tuple[int, str]]:
    """Every (coder, document) done mark with its time."""
    rows = project.db.execute("SELECT coder, document_id, done, updated_at FROM progress").fetchall()
    return {(coder, document): (int(done), stamp) for coder, document, done, stamp in rows}


def write_progress(project: Project, rows: Mapping[tuple[str, str], tuple[int, str]]) -> None:
    """Insert or overwrite done marks (through the progress table's one writer)."""
    progress = table("progress")
    for (coder, document), (done, stamp) in rows.items():
        state = {"coder": coder, "document_id": document, "done": done, "updated_at": stamp}
        progress.write(project.db, progress.key_of(state), state)


def copy_meta(project: Project, keys: Iterable[str], source: Project) -> None:
    """Copy project settings (codebook name, version, ...) from another project."""
    for key in keys:
        value = source.meta(key)
        if value is not None:
            project.set_meta(key, value)
