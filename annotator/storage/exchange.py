"""Storage steps that exchange files need and coding does not: keep GUIDs, bulk-write spans, read the log whole."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from annotator.domain.models import Event, Span
from annotator.storage.base import check_coder_name
from annotator.storage.database import now
from annotator.storage.project import Project
from annotator.storage.rows import (
    EVENT_COLUMNS,
    event_from_row,
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


def all_events(project: Project) -> list[Event]:
    """The whole event log, oldest first."""
    return [event_from_row(row) for row in project.db.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id")]


def progress_rows(project: Project) -> dict[tuple[str, str], tuple[int, str]]:
    """Every (coder, document) done mark with its time."""
    rows = project.db.execute("SELECT coder, document_id, done, updated_at FROM progress").fetchall()
    return {(coder, document): (int(done), stamp) for coder, document, done, stamp in rows}


def copy_meta(project: Project, keys: Iterable[str], source: Project) -> None:
    """Copy project settings (codebook name, version, ...) from another project."""
    for key in keys:
        value = source.meta(key)
        if value is not None:
            project.set_meta(key, value)
