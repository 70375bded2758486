"""Spans and the coding actions on them; every action is one transaction and one batch of events."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.storage.actions import Action, ActionStore, HistoryError, SpanChange
from annotator.storage.database import now
from annotator.storage.entities import SPAN, Change
from annotator.storage.rows import SPAN_COLUMNS, span_from_row

__all__ = ["Action", "HistoryError", "NewSpan", "SpanStore", "new_span_ids", "span_changes", "where_equal"]


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


GROUPABLE_SPAN_COLUMNS = ("document_id", "coder", "code_id")


class SpanStore(ActionStore):
    """The spans table and the coding actions that change it."""

    # --- reading -------------------------------------------------------------------------------

    def spans(
        self,
        document_id: str | None = None,
        coder: str | None = None,
        code_id: str | None = None,
    ) -> list[Span]:
        """Spans, optionally of one document, coder and code, in document order then offset."""
        where, params = where_equal(("s.document_id", document_id), ("s.coder", coder), ("s.code_id", code_id))
        columns = ", ".join(f"s.{name.strip()}" for name in SPAN_COLUMNS.split(","))
        sql = (
            f"SELECT {columns} FROM spans s JOIN documents d ON d.id = s.document_id {where}"
            " ORDER BY d.position, s.start_offset, s.end_offset, s.coder, s.code_id, s.id"
        )
        return [span_from_row(row) for row in self.db.execute(sql, params)]

    def iter_span_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every span as a SPAN_COLUMNS tuple, in the order of `spans()`, streamed from the cursor:
        no objects are built, so exporting millions of spans takes flat memory."""
        columns = ", ".join(f"s.{name.strip()}" for name in SPAN_COLUMNS.split(","))
        yield from self.db.execute(
            f"SELECT {columns} FROM spans s JOIN documents d ON d.id = s.document_id"
            " ORDER BY d.position, s.start_offset, s.end_offset, s.coder, s.code_id, s.id"
        )

    def span(self, span_id: str) -> Span:
        """One span by id; InputError when it does not exist."""
        found = self._span_or_none(span_id)
        if found is None:
            raise InputError(f"no span {span_id!r} in the project")
        return found

    def span_count(self, coder: str | None = None) -> int:
        """Number of spans, of one coder or of all (from the totals the triggers keep)."""
        where, params = where_equal(("coder", coder))
        return int(
            self.db.execute(f"SELECT coalesce(sum(spans), 0) FROM span_totals_by_code {where}", params).fetchone()[0]
        )

    def span_tuples(self, coders: Sequence[str] | None = None) -> list[tuple[str, str, str, int, int]]:
        """Every span as (document, coder, code, start, end): the light form agreement works on;
        only the given coders' spans when named (read through the spans_coder index)."""
        sql = "SELECT document_id, coder, code_id, start_offset, end_offset FROM spans"
        if coders is None:
            return self.db.execute(sql).fetchall()
        rows: list[tuple[str, str, str, int, int]] = []
        for coder in dict.fromkeys(coders):
            rows.extend(self.db.execute(f"{sql} WHERE coder = ?", [coder]).fetchall())
        return rows

    def span_counts_grouped(
        self, columns: Sequence[str], coder: str | None = None
    ) -> Iterator[tuple[str, str, str, int]]:
        """Span counts grouped by SQLite on some of `document_id`, `coder`, `code_id`, each group as
        (document, coder, code, count) with the columns not grouped on blank: memory follows the
        groups, not the project's spans. Column names come from this fixed list, never from data."""
        chosen = [column for column in GROUPABLE_SPAN_COLUMNS if column in columns]
        if not chosen or len(chosen) != len(set(columns)):
            raise ValueError(f"span counts group by some of {GROUPABLE_SPAN_COLUMNS}, not {sorted(columns)}")
        select = ", ".join(column if column in chosen else "''" for column in GROUPABLE_SPAN_COLUMNS)
        where, params = where_equal(("coder", coder))
        yield from self.db.execute(f"SELECT {select}, count(*) FROM spans {where} GROUP BY {', '.join(chosen)}", params)

    def code_counts(self, document_id: str | None = None, coder: str | None = None) -> dict[str, int]:
        """Spans per code, optionally within one document and of one coder; without a document,
        read from the totals the triggers keep (a few rows, however many spans)."""
        if document_id is None:
            where, params = where_equal(("coder", coder))
            sql = f"SELECT code_id, sum(spans) FROM span_totals_by_code {where} GROUP BY code_id"
            return dict(self.db.execute(sql, params).fetchall())
        where, params = where_equal(("document_id", document_id), ("coder", coder))
        return dict(self.db.execute(f"SELECT code_id, count(*) FROM spans {where} GROUP BY code_id", params).fetchall())

    # --- coding actions ------------------------------------------------------------------------

    def add_span(self, coder: str, document_id: str, code_id: str, start: int, end: int, memo: str = "") -> Span:
        """Code `[start, end)` of a document with a code; returns the stored span."""
        action = self.add_spans(coder, [NewSpan(document_id, code_id, start, end, memo)])
        after = action.changes[0][1]
        assert after is not None
        return after

    def add_spans(self, coder: str, items: Sequence[NewSpan], kind: str = "add") -> Action:
        """Add several spans as one undoable action (e.g. coding every search hit)."""
        stamp = now()
        ids = new_span_ids(len(items))
        with self.transaction():
            coder = self.ensure_coder(coder)
            changes = []
            for span_id, item in zip(ids, items):
                self._check_code(item.code_id)
                text = self._checked_slice(item.document_id, item.start, item.end)
                span = Span(
                    span_id, item.document_id, item.code_id, coder, item.start, item.end, text, item.memo, stamp, stamp
                )
                changes.append((None, span))
            return self._apply(coder, kind, changes)

    def _apply(
        self, coder: str, kind: str, changes: Sequence[SpanChange], detail: dict[str, Any] | None = None
    ) -> Action:
        """Record span changes as one action, in the caller's transaction."""
        return self.record(coder, kind, span_changes(changes), detail=detail)

    def apply_changes(
        self,
        coder: str,
        kind: str,
        changes: Sequence[tuple[Span | None, Span | None]],
        detail: dict[str, Any] | None = None,
    ) -> Action:
        """Write span changes (before → after; None = absent) of the coder's own spans as one
        undoable action; an action with no change is still logged (e.g. a decision to keep nothing)."""
        with self.transaction():
            coder = self.ensure_coder(coder)
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
            return self._apply(coder, kind, checked, detail=detail)

    def remove_span(self, coder: str, span_id: str) -> Action:
        """Remove one of the coder's spans."""
        return self.remove_spans(coder, [span_id])

    def remove_spans(self, coder: str, span_ids: Iterable[str]) -> Action:
        """Remove several of the coder's spans as one undoable action."""
        with self.transaction():
            changes = [(self._own_span(coder, span_id), None) for span_id in span_ids]
            return self._apply(coder, "remove", changes)

    def recode_span(self, coder: str, span_id: str, code_id: str) -> Action:
        """Give one of the coder's spans another code."""
        with self.transaction():
            span = self._own_span(coder, span_id)
            self._check_code(code_id)
            return self._apply(coder, "recode", [(span, replace(span, code_id=code_id, updated_at=now()))])

    def resize_span(self, coder: str, span_id: str, start: int, end: int) -> Action:
        """Move one of the coder's span boundaries (widen or narrow)."""
        with self.transaction():
            span = self._own_span(coder, span_id)
            text = self._checked_slice(span.document_id, start, end)
            changed = replace(span, start=start, end=end, text=text, updated_at=now())
            return self._apply(coder, "resize", [(span, changed)])

    def set_memo(self, coder: str, span_id: str, memo: str) -> Action:
        """Attach (or clear) a memo on one of the coder's spans."""
        with self.transaction():
            span = self._own_span(coder, span_id)
            return self._apply(coder, "memo", [(span, replace(span, memo=memo, updated_at=now()))])

    def _own_span(self, coder: str, span_id: str) -> Span:
        span = self.span(span_id)
        if span.coder != coder:
            raise InputError(f"span {span_id} belongs to coder {span.coder!r}; {coder!r} cannot change it")
        return span

    def _span_or_none(self, span_id: str) -> Span | None:
        row = self.db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        return span_from_row(row) if row else None

    def _check_code(self, code_id: str) -> None:
        if self.db.execute("SELECT 1 FROM codes WHERE id = ?", [code_id]).fetchone() is None:
            raise InputError(f"no code {code_id!r} in the codebook")

    def _checked_slice(self, document_id: str, start: int, end: int) -> str:
        length = self.require_document(document_id)
        if not 0 <= start < end <= length:
            raise InputError(
                f"offsets {start}-{end} are not a span of document {document_id!r} (need 0 <= start < end <= {length})"
            )
        # substr() counts characters (code points) and starts at 1.
        return self.db.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", [start + 1, end - start, document_id]
        ).fetchone()[0]


def where_equal(*filters: tuple[str, object | None]) -> tuple[str, list[object]]:
    """A `WHERE a = ? AND b = ?` clause and its parameters for the filters whose value is not None."""
    given = [(column, value) for column, value in filters if value is not None]
    if not given:
        return "", []
    return "WHERE " + " AND ".join(f"{column} = ?" for column, _ in given), [value for _, value in given]
