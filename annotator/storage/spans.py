"""Spans and the coding actions on them; every action is one transaction and one batch of events."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import Code, Span
from annotator.storage.actions import Action, HistoryError, SpanChange
from annotator.storage.base import ProjectStore
from annotator.storage.database import ProjectError, now
from annotator.storage.entities import SPAN, Change
from annotator.storage.rows import SPAN_COLUMNS, insert_span_rows, span_from_row

__all__ = ["Action", "HistoryError", "NewSpan", "SpanStore", "new_span_ids", "span_changes", "where_equal", "where_in"]


def new_span_ids(count: int) -> list[str]:
    """`count` fresh 128-bit hex ids, time-ordered like UUIDv7: milliseconds, a sequence, 48 random bits.

    Ordered ids append to the primary-key B-tree instead of landing at random pages, which makes
    bulk imports about twice as fast; the random tail keeps ids from two machines apart. Within a
    process the ids only grow (the sequence goes on within a millisecond, and through a clock that
    steps back), so of two spans coded in one millisecond the later still sorts last.
    """
    global _last_id_stamp, _next_id_index
    with _id_lock:
        stamp = time.time_ns() // 1_000_000
        if stamp > _last_id_stamp:
            _last_id_stamp, _next_id_index = stamp, 0
        stamp, first = _last_id_stamp, _next_id_index
        _next_id_index += count
    noise = os.urandom(6 * count).hex()
    return [f"{stamp:012x}{first + index:08x}{noise[12 * index : 12 * index + 12]}" for index in range(count)]


# The millisecond of the latest ids and the sequence number the next one takes (threads share them).
_id_lock = threading.Lock()
_last_id_stamp, _next_id_index = 0, 0


@dataclass(frozen=True)
class NewSpan:
    """A span to be added: where, with which code; the coder comes with the action."""

    document_id: str
    code_id: str
    start: int
    end: int
    memo: str = ""


def span_changes(changes: Iterable[SpanChange]) -> list[Change]:
    """Span pairs (before, after; None = absent) as the Changes an action records."""
    return [
        Change(SPAN, (after or before).id, before.state() if before else None, after.state() if after else None)  # type: ignore[union-attr]
        for before, after in changes
    ]


class SpanStore(ProjectStore):
    """The spans table: its rows read back, and the coding actions that change it."""

    # --- reading -------------------------------------------------------------------------------

    def select(
        self,
        document_id: str | None = None,
        coder: str | None = None,
        code_id: str | None = None,
    ) -> list[Span]:
        """Spans, optionally of one document, coder and code, in document order then offset."""
        one = [None if value is None else [value] for value in (document_id, coder, code_id)]
        return [span_from_row(row) for row in self.stream(documents=one[0], coders=one[1], codes=one[2])]

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Every span as a SPAN_COLUMNS tuple, in the order of `select()`, streamed from the cursor:
        no objects are built, so exporting millions of spans takes flat memory."""
        return self.stream()

    def stream(
        self,
        *,
        documents: Collection[str] | None = None,
        coders: Collection[str] | None = None,
        codes: Collection[str] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """The spans of the given documents, coders and codes (None: any) as SPAN_COLUMNS tuples in the
        order of `select()`, streamed from the cursor; the query layer decides which (`SpanSelection`)."""
        where, params = where_in(("s.document_id", documents), ("s.coder", coders), ("s.code_id", codes))
        yield from self._db.execute(
            f"SELECT {_JOINED_COLUMNS} FROM spans s JOIN documents d ON d.id = s.document_id {where} {_IN_ORDER}",
            params,
        )

    def get(self, span_id: str) -> Span:
        """One span by id; InputError when it does not exist."""
        row = self._db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise InputError(f"no span {span_id!r} in the project")
        return span_from_row(row)

    def tuples(self, coders: Sequence[str] | None = None) -> list[tuple[str, str, str, int, int]]:
        """Every span as (document, coder, code, start, end): the light form agreement works on;
        only the given coders' spans when named (read through the spans_coder index)."""
        sql = "SELECT document_id, coder, code_id, start_offset, end_offset FROM spans"
        if coders is None:
            return self._db.execute(sql).fetchall()
        rows: list[tuple[str, str, str, int, int]] = []
        for coder in dict.fromkeys(coders):
            rows.extend(self._db.execute(f"{sql} WHERE coder = ?", [coder]).fetchall())
        return rows

    def contents(self) -> dict[str, tuple[str, str, str, int, int, str]]:
        """Every span's (document, code, coder, start, end, memo) by id: what tells a re-import from a change."""
        rows = self._db.execute("SELECT id, document_id, code_id, coder, start_offset, end_offset, memo FROM spans")
        return {row[0]: tuple(row[1:]) for row in rows}

    # --- coding actions ------------------------------------------------------------------------

    def add(self, coder: str, document_id: str, code_id: str, start: int, end: int, memo: str = "") -> Span:
        """Code `[start, end)` of a document with a code; returns the stored span."""
        action = self.add_many(coder, [NewSpan(document_id, code_id, start, end, memo)])
        after = action.changes[0][1]
        assert after is not None
        return after

    def add_many(self, coder: str, items: Sequence[NewSpan], kind: str = "add") -> Action:
        """Add several spans as one undoable action (e.g. coding every search hit)."""
        stamp = now()
        ids = new_span_ids(len(items))
        with self._project.transaction():
            coder = self._project.coders.ensure(coder)
            changes = []
            for span_id, item in zip(ids, items):
                self._check_code(item.code_id)
                text = self._checked_slice(item.document_id, item.start, item.end)
                span = Span(
                    span_id, item.document_id, item.code_id, coder, item.start, item.end, text, item.memo, stamp, stamp
                )
                changes.append((None, span))
            return self._apply(coder, kind, changes)

    def apply_changes(
        self,
        coder: str,
        kind: str,
        changes: Sequence[tuple[Span | None, Span | None]],
        detail: dict[str, Any] | None = None,
        others: Sequence[Change] = (),
    ) -> Action:
        """Write span changes (before → after; None = absent) of the coder's own spans, and `others`
        (rows of other tables the caller read in its transaction), as one undoable action; an action
        with no change is still logged (e.g. a decision to keep nothing)."""
        with self._project.transaction():
            coder = self._project.coders.ensure(coder)
            checked: list[tuple[Span | None, Span | None]] = []
            for before, after in changes:
                if before is not None:
                    before = self._own_span(coder, before.id)
                if after is not None:
                    if after.coder != coder:
                        raise InputError(f"a span written by {coder!r} must belong to {coder!r}, not {after.coder!r}")
                    self._check_code(after.code_id)
                    after = replace(after, text=self._checked_slice(after.document_id, after.start, after.end))
                checked.append((before, after))
            return self._project.history.record(coder, kind, [*span_changes(checked), *others], detail=detail)

    def remove(self, coder: str, span_id: str) -> Action:
        """Remove one of the coder's spans."""
        return self.remove_many(coder, [span_id])

    def remove_many(self, coder: str, span_ids: Iterable[str]) -> Action:
        """Remove several of the coder's spans as one undoable action."""
        with self._project.transaction():
            changes = [(self._own_span(coder, span_id), None) for span_id in span_ids]
            return self._apply(coder, "remove", changes)

    def recode(self, coder: str, span_id: str, code_id: str) -> Action:
        """Give one of the coder's spans another code."""
        with self._project.transaction():
            span = self._own_span(coder, span_id)
            self._check_code(code_id)
            return self._apply(coder, "recode", [(span, replace(span, code_id=code_id, updated_at=now()))])

    def resize(self, coder: str, span_id: str, start: int, end: int) -> Action:
        """Move one of the coder's span boundaries (widen or narrow)."""
        with self._project.transaction():
            span = self._own_span(coder, span_id)
            text = self._checked_slice(span.document_id, start, end)
            changed = replace(span, start=start, end=end, text=text, updated_at=now())
            return self._apply(coder, "resize", [(span, changed)])

    def set_memo(self, coder: str, span_id: str, memo: str) -> Action:
        """Attach (or clear) a memo on one of the coder's spans."""
        with self._project.transaction():
            span = self._own_span(coder, span_id)
            return self._apply(coder, "memo", [(span, replace(span, memo=memo, updated_at=now()))])

    # --- bulk writes (imports, merges) ---------------------------------------------------------

    def insert(
        self,
        spans: Sequence[Span],
        *,
        coder: str,
        source: str,
        new_codes: Sequence[Code] = (),
        references: Iterable[str] = (),
    ) -> int:
        """Bulk-insert spans already checked against the project (imports), logged as one event,
        after adding the `new_codes` they use, all in one transaction; `references` names coders
        to record as reference codings with them (`import-spans --reference`).

        The caller has validated documents, codes and offsets. The documents and codes the spans
        name are checked again inside the transaction (the write lock is held, so none can vanish
        before the commit), once per distinct value (the coders are made here); SQLite's per-row foreign-key
        lookups, the same check a million times over, are off for the insert alone.
        """
        project = self._project
        with self._references_checked_once():
            with project.transaction():
                if new_codes:
                    project.codes.add(new_codes, origin="import")
                for name in sorted({span.coder for span in spans} | {coder}):
                    project.coders.ensure(name)
                self._check_references(spans)
                insert_span_rows(self._db.conn, spans)
                if references:
                    project.coders.mark_reference(references)
                project.history.log("import", coder=coder, detail={"source": source, "spans": len(spans)})
        return len(spans)

    def write(self, spans: Sequence[Span]) -> None:
        """Insert checked spans as they are (ids, coders and times kept), registering no coder and logging nothing.

        Imports and merges call this inside their own transaction and log their own event; the
        coders must exist already (the foreign key says so if not).
        """
        insert_span_rows(self._db.conn, spans)

    # --- shared -----------------------------------------------------------------------------

    def _apply(
        self, coder: str, kind: str, changes: Sequence[SpanChange], detail: dict[str, Any] | None = None
    ) -> Action:
        """Record span changes as one action, in the caller's transaction."""
        return self._project.history.record(coder, kind, span_changes(changes), detail=detail)

    def _own_span(self, coder: str, span_id: str) -> Span:
        span = self.get(span_id)
        if span.coder != coder:
            raise InputError(f"span {span_id} belongs to coder {span.coder!r}; {coder!r} cannot change it")
        return span

    def _check_code(self, code_id: str) -> None:
        if self._db.execute("SELECT 1 FROM codes WHERE id = ?", [code_id]).fetchone() is None:
            raise InputError(f"no code {code_id!r} in the codebook")

    def _checked_slice(self, document_id: str, start: int, end: int) -> str:
        length = self._project.documents.require(document_id)
        if not 0 <= start < end <= length:
            raise InputError(
                f"offsets {start}-{end} are not a span of document {document_id!r} (need 0 <= start < end <= {length})"
            )
        # substr() counts characters (code points) and starts at 1.
        row = self._db.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", [start + 1, end - start, document_id]
        ).fetchone()
        return str(row[0])

    @contextmanager
    def _references_checked_once(self) -> Iterator[None]:
        """Foreign keys off for one bulk write that checks its references itself, on again after.

        Only outside a transaction: SQLite ignores the switch inside one, so a bulk insert nested
        in a caller's transaction runs with the keys on (slower, never less safe).
        """
        conn = self._db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            conn.execute("PRAGMA foreign_keys = ON")

    def _check_references(self, spans: Sequence[Span]) -> None:
        """ProjectError unless every document and code the spans name is in the project."""
        for label, table, column, values in (
            ("document", "documents", "id", {span.document_id for span in spans}),
            ("code", "codes", "id", {span.code_id for span in spans}),
        ):
            found = {
                row[0]
                for row in self._db.conn.execute(
                    f"SELECT {column} FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
                    [json.dumps(sorted(values))],
                )
            }
            if found != values:
                missing = min(values - found)
                raise ProjectError(
                    f"{label} {missing!r} is no longer in the project (changed meanwhile); nothing written"
                )


# Every span column, read through the join with documents (which gives project order).
_JOINED_COLUMNS = ", ".join(f"s.{name.strip()}" for name in SPAN_COLUMNS.split(","))
_IN_ORDER = "ORDER BY d.position, s.start_offset, s.end_offset, s.coder, s.code_id, s.id"


def where_equal(*filters: tuple[str, object | None]) -> tuple[str, list[object]]:
    """A `WHERE a = ? AND b = ?` clause and its parameters for the filters whose value is not None."""
    given = [(column, value) for column, value in filters if value is not None]
    if not given:
        return "", []
    return "WHERE " + " AND ".join(f"{column} = ?" for column, _ in given), [value for _, value in given]


def where_in(*filters: tuple[str, Collection[str] | None]) -> tuple[str, list[object]]:
    """A WHERE clause keeping rows whose column is one of the given values (None: any), and its parameters:
    `= ?` for one value (the plan stays an index lookup), else `IN` over a JSON array bound as one parameter."""
    clauses: list[str] = []
    params: list[object] = []
    for column, values in filters:
        if values is None:
            continue
        chosen = list(dict.fromkeys(values))
        if len(chosen) == 1:
            clauses.append(f"{column} = ?")
            params.append(chosen[0])
        else:
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(chosen))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params
