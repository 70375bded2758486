"""What other connections committed, read-only: SQLite's data version and the event log since an id."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotator.domain.models import Span
from annotator.storage.base import ProjectStore
from annotator.storage.rows import SPAN_COLUMNS, span_from_row


@dataclass(frozen=True)
class LoggedChange:
    """One event as a screen following the project needs it: who, what kind, which row, and the
    documents and span owners on either side of it (None where a side names none)."""

    id: int
    batch: str
    coder: str
    kind: str
    at: str
    entity: str
    entity_id: str | None
    documents: tuple[str | None, str | None]  # before, after
    owners: tuple[str | None, str | None]  # a span's coder (a done mark's coder), before and after


_CHANGE_COLUMNS = (
    "id, batch, coder, kind, at, entity, entity_id,"
    " json_extract(before, '$.document_id'), json_extract(after, '$.document_id'),"
    " json_extract(before, '$.coder'), json_extract(after, '$.coder')"
)


def _change(row: tuple[Any, ...]) -> LoggedChange:
    event_id, batch, coder, kind, at, entity, entity_id, doc_before, doc_after, owner_before, owner_after = row
    return LoggedChange(
        event_id, batch, coder, kind, at, entity, entity_id, (doc_before, doc_after), (owner_before, owner_after)
    )


def _json_list(values: Iterable[str]) -> str:
    return json.dumps(sorted(set(values)))


class ChangeStore(ProjectStore):
    """What other connections committed, read without writing: a screen following the project asks."""

    def version(self) -> int:
        """SQLite's `PRAGMA data_version` on this connection: it changes when another connection commits."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def wait_at_most(self, milliseconds: int) -> None:
        """How long this connection waits for another's write lock before SQLITE_BUSY (a screen waits
        briefly and says it is waiting, instead of freezing for the default 30 s)."""
        self._db.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    def last_event_id(self) -> int:
        """The id of the newest event (0 for an empty log)."""
        return int(self._db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])

    def since(self, after_id: int, limit: int) -> list[LoggedChange]:
        """Up to `limit` events newer than `after_id`, oldest first (no row states are built)."""
        rows = self._db.execute(
            f"SELECT {_CHANGE_COLUMNS} FROM events WHERE id > ? ORDER BY id LIMIT ?", [after_id, limit]
        )
        return [_change(row) for row in rows]

    def latest(self) -> LoggedChange | None:
        """The newest event, or None (one row's newest: `row_labels.last_change`)."""
        row = self._db.execute(f"SELECT {_CHANGE_COLUMNS} FROM events ORDER BY id DESC LIMIT 1").fetchone()
        return _change(row) if row else None

    def batch_detail_to(self, batch: str) -> str | None:
        """Where a document-rename batch moved its document (its detail's `to`), or None."""
        row = self._db.execute(
            "SELECT json_extract(detail, '$.to') FROM events WHERE batch = ? LIMIT 1", [batch]
        ).fetchone()
        return row[0] if row and row[0] is not None else None

    def spans_by_id(self, span_ids: Iterable[str]) -> dict[str, Span]:
        """The spans that exist among `span_ids`, by id."""
        rows = self._db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE id IN (SELECT value FROM json_each(?))",
            [_json_list(span_ids)],
        )
        return {span.id: span for span in map(span_from_row, rows)}

    def span_exists(self, span_id: str) -> bool:
        """Whether a span is (still) in the project."""
        return self._db.execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone() is not None

    def shape(self) -> tuple[int, int, int]:
        """How many documents and codes there are, and the last document position: a change in these
        shows writes that log no event (documents and codebooks imported as they are)."""
        documents, last = self._db.execute("SELECT count(*), coalesce(max(position), -1) FROM documents").fetchone()
        codes = self._db.execute("SELECT count(*) FROM codes").fetchone()[0]
        return int(documents), int(last), int(codes)
