"""Actions: changes to any table written with one event per changed row, undone and redone from the log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from annotator.domain.anchoring import TextMap
from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Event, Span
from annotator.storage.base import ConflictError, ProjectStore, new_batch_id
from annotator.storage.database import now
from annotator.storage.entities import SPAN, Change, State, StateRefused, read_state, table
from annotator.storage.history import REDO, UNDO, UndoHistory
from annotator.storage.row_labels import changed_by
from annotator.storage.rows import EVENT_COLUMNS, dump_detail, dump_state, event_from_row, insert_event_rows

if TYPE_CHECKING:
    from annotator.storage.project import Project

SpanChange = tuple[Span | None, Span | None]


class HistoryError(ConflictError):
    """Undo or redo cannot be applied: a row it would restore changed since (another window, another
    process), or later rows depend on what it would change."""


@dataclass(frozen=True)
class Action:
    """What an action did: its batch and kind, each span before and after (None = absent), and the
    changes to other tables (codes, documents, passages, done marks, settings); an undo or redo
    also carries the kind of the action it reverts (`reverted_kind`), so it can say what that was."""

    batch: str
    kind: str
    changes: tuple[SpanChange, ...]
    others: tuple[Change, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    reverts: str | None = None
    reverted_kind: str | None = None

    @property
    def document_ids(self) -> list[str]:
        """Documents whose spans changed, in order of first change."""
        seen: dict[str, None] = {}
        for before, after in self.changes:
            for span in (before, after):
                if span is not None:
                    seen.setdefault(span.document_id)
        return list(seen)

    def touches(self, entity: str) -> bool:
        """Whether the action changed any row of an entity other than spans ('code', 'document', ...)."""
        return any(change.entity == entity for change in self.others)


# Plans the undo or redo of an action of one kind afresh: (coder, undo|redo, batch, its events) -> Action.
Replanner = Callable[[str, str, str, list[Event]], Action]


class HistoryStore(ProjectStore):
    """The event log: writes actions (`record`, the one writer of every action's rows and events)
    and replays the log backwards (undo) and forwards (redo), per coder."""

    def __init__(self, project: Project, replanned: Mapping[str, Replanner]) -> None:
        super().__init__(project)
        # Kinds whose undo and redo are planned afresh against the project as it is now (a text
        # correction carries later spans across), each with its planner.
        self._replanned = dict(replanned)
        self._histories: dict[str, UndoHistory] = {}

    def record(
        self,
        coder: str,
        kind: str,
        changes: Sequence[Change],
        *,
        detail: dict[str, Any] | None = None,
        reverts: str | None = None,
    ) -> Action:
        """Write each change and its event, in the caller's write transaction, as one batch.

        The write rule's backstop: each change's `before` must still be the stored row (a row
        changed twice is compared with the earlier step), else ConflictError (HistoryError for an
        undo or redo) naming the row and who changed it, and nothing is written. An action
        without changes logs one event naming no row, so it still has its place in the log and
        in the undo history (e.g. a decision to keep nothing).
        """
        if not self._db.conn.in_transaction:
            raise RuntimeError("history.record writes only inside a write transaction (project.transaction())")
        self._check_unchanged(changes, kind)
        batch = new_batch_id()
        if not changes:
            self.log(kind, coder=coder, batch=batch, reverts=reverts, detail=detail)
        stamp = now()
        spans: list[SpanChange] = []
        others: list[Change] = []
        for change in changes:
            rows = table(change.entity)
            change = Change(change.entity, change.key, change.before, rows.prepare(change.after, stamp))
            rows.write(self._db, change.key, change.after)
            self.log(
                kind,
                coder=coder,
                span_id=change.key if change.entity == SPAN else None,
                before=change.before,
                after=change.after,
                batch=batch,
                reverts=reverts,
                detail=detail,
                entity=change.entity,
                entity_id=change.key,
            )
            if change.entity == SPAN:
                spans.append((_span(change.before, stamp), _span(change.after, stamp)))
            else:
                others.append(change)
        return Action(batch, kind, tuple(spans), tuple(others), dict(detail or {}), reverts)

    def _check_unchanged(self, changes: Sequence[Change], kind: str) -> None:
        """ConflictError at the first change whose `before` is not the row as stored (or as an
        earlier change of this action leaves it): one indexed read per row."""
        pending: dict[tuple[str, str], State | None] = {}
        for change in changes:
            row = (change.entity, change.key)
            current = pending[row] if row in pending else read_state(self._db, *row)
            if current != change.before:
                what = changed_by(self._db, *row)
                if kind in (UNDO, REDO):
                    raise HistoryError(f"cannot {kind}: {what} since; nothing was written")
                raise ConflictError(f"{what} after this action read it; nothing was written")
            pending[row] = change.after

    def log(
        self,
        kind: str,
        *,
        coder: str,
        span_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        batch: str | None = None,
        reverts: str | None = None,
        detail: dict[str, Any] | None = None,
        entity: str = "span",
        entity_id: str | None = None,
    ) -> str:
        """Append one event to the log; returns its batch id. `entity`/`entity_id` name the row it
        changed (spans also fill `span_id`); an event of no row has neither."""
        batch = batch or new_batch_id()
        values = (
            batch,
            now(),
            coder,
            kind,
            span_id,
            dump_state(before),
            dump_state(after),
            reverts,
            dump_detail(detail),
            entity,
            entity_id if entity_id is not None else span_id,
        )
        insert_event_rows(self._db.conn, [values])
        return batch

    # --- undo and redo -------------------------------------------------------------------------

    def can_undo(self, coder: str) -> bool:
        """Whether the coder has an action to undo."""
        return bool(self._history(coder).undo)

    def can_redo(self, coder: str) -> bool:
        """Whether the coder has an undone action to redo."""
        return bool(self._history(coder).redo)

    def next_undo(self, coder: str) -> Event | None:
        """The first event of the action undo would revert (to say what it is), or None."""
        return self._top_event(coder, UNDO)

    def next_redo(self, coder: str) -> Event | None:
        """The first event of the action redo would restore, or None."""
        return self._top_event(coder, REDO)

    def undo(self, coder: str) -> Action | None:
        """Undo the coder's latest action not yet undone; None when there is nothing to undo."""
        return self._revert(coder, UNDO)

    def redo(self, coder: str) -> Action | None:
        """Redo the coder's latest undone action; None when there is nothing to redo."""
        return self._revert(coder, REDO)

    def active_actions(self, coder: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
        """The coder's actions of one kind still in effect (not undone), oldest first, with their detail."""
        active = self._history(coder).undo
        details = dict(
            self._db.execute(
                "SELECT batch, detail FROM events WHERE coder = ? AND kind = ? GROUP BY batch", [coder, kind]
            ).fetchall()
        )
        return [(batch, json.loads(details[batch])) for batch in active if batch in details]

    def events(self, coder: str | None = None, batch: str | None = None) -> list[Event]:
        """The event log (the audit trail), optionally of one coder or one batch, oldest first."""
        given = [(column, value) for column, value in (("coder", coder), ("batch", batch)) if value is not None]
        where = ("WHERE " + " AND ".join(f"{column} = ?" for column, _ in given)) if given else ""
        rows = self._db.execute(f"SELECT {EVENT_COLUMNS} FROM events {where} ORDER BY id", [v for _, v in given])
        events = []
        for row in rows:
            try:
                events.append(event_from_row(row))
            except ValueError:  # a state or detail that is not JSON: planted, or damaged by hand
                raise AnnotatorError(
                    f"events row {row[0]} holds a state that is not JSON (run `annotator check`); nothing was written"
                ) from None
        return events

    def all_events(self) -> list[Event]:
        """The whole event log, oldest first, as it is stored (a packet's log is checked row by row elsewhere)."""
        return [event_from_row(row) for row in self._db.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id")]

    def removed(self, entity: str) -> dict[str, tuple[str, dict[str, Any]]]:
        """Rows of an entity (`code`, ...) whose newest event removed them: key -> (kind, detail)."""
        rows = self._db.execute(
            "SELECT e.entity_id, e.kind, e.detail FROM events e WHERE e.entity = ? AND e.after IS NULL"
            " AND e.before IS NOT NULL AND e.id = (SELECT max(id) FROM events WHERE entity = ? AND entity_id = e.entity_id)",
            [entity, entity],
        ).fetchall()
        return {key: (kind, json.loads(detail or "{}")) for key, kind, detail in rows}

    def _top_event(self, coder: str, kind: str) -> Event | None:
        history = self._history(coder)
        stack = history.undo if kind == UNDO else history.redo
        if not stack:
            return None
        events = self.events(batch=stack[-1])
        return events[0] if events else None

    def _revert(self, coder: str, kind: str) -> Action | None:
        with self._project.transaction():
            # Read the history inside the write lock, so two windows cannot undo the same action.
            history = self._history(coder)
            stack = history.undo if kind == UNDO else history.redo
            if not stack:
                return None
            target = stack[-1]
            events = self.events(batch=target)
            try:
                if events and events[0].kind in self._replanned:
                    action = self._replanned[events[0].kind](coder, kind, target, events)
                else:
                    action = self._revert_rows(coder, kind, target, events)
            except StateRefused as refused:
                raise HistoryError(f"cannot {kind}: {refused}") from None
            return replace(action, reverted_kind=events[0].kind if events else None)

    def _revert_rows(self, coder: str, kind: str, target: str, events: list[Event]) -> Action:
        """Put every row of the batch back to its state before (undo) or after (redo) it, in the
        caller's transaction; record() refuses when one changed since."""
        rows = [event for event in events if event.entity_id is not None]
        ordered = reversed(rows) if kind == UNDO else rows
        carrier = _SpanCarrier(self._db, max((event.id for event in events), default=0))
        changes = [
            self._carried_span(Change(event.entity, str(event.entity_id), *ends_of(event, kind)), kind, carrier)
            for event in ordered
        ]
        detail = events[0].detail if events else {}
        try:
            return self.record(coder, kind, changes, reverts=target, detail=detail)
        except sqlite3.IntegrityError as error:
            if "UNIQUE" in str(error):
                why = "another row holds what it would restore since (a name, key or id taken meanwhile)"
            else:
                why = self._dependents(changes)
            raise HistoryError(f"cannot {kind}: {why}; nothing was written") from None

    def _carried_span(self, change: Change, kind: str, carrier: _SpanCarrier) -> Change:
        """A span an undo or redo brings back, carried across the text corrections made to its
        document after the action, as a correction carries the spans it finds: without this the
        span would come back at offsets into a text that is no longer there."""
        if change.entity != SPAN or change.before is not None or change.after is None:
            return change  # only a span brought back from absence can land on words that moved
        state = change.after
        if not (
            isinstance(state.get("document_id"), str)
            and isinstance(state.get("start"), int)
            and isinstance(state.get("end"), int)
            and isinstance(state.get("text"), str)
        ):
            return change  # not a span's shape: the writer refuses it in one line
        text = carrier.text(state["document_id"])
        if text is None or text[state["start"] : state["end"]] == state["text"]:
            return change  # the document is gone (the foreign key refuses), or the words are where they were
        start, end = state["start"], state["end"]
        for text_map in carrier.corrections(state["document_id"]):
            moved = text_map.move_span(start, end)
            if moved.review:  # a correction would list it for review; an undo does not guess
                raise HistoryError(
                    f"cannot {kind}: the words span {change.key} was on were corrected away since; nothing was written"
                )
            start, end = moved.start, moved.end
        return Change(SPAN, change.key, None, {**state, "start": start, "end": end, "text": text[start:end]})

    def _dependents(self, changes: Sequence[Change]) -> str:
        """What depends on the rows a refused undo or redo would remove (read inside its failed
        write, where the changes before the failing one are still in place): codes used by spans
        or parents of codes, documents holding spans."""
        for change in changes:
            if change.after is not None or change.before is None:
                continue
            if change.entity == "code":
                users = self._db.execute(
                    "SELECT coder, count(*) FROM spans WHERE code_id = ? GROUP BY coder ORDER BY coder", [change.key]
                ).fetchall()
                if users:
                    return f"code {change.key!r} is used by " + ", ".join(f"{n} span(s) of {c}" for c, n in users)
                children = [
                    row[0] for row in self._db.execute("SELECT id FROM codes WHERE parent_id = ?", [change.key])
                ]
                if children:
                    return f"code {change.key!r} is the parent of code(s) {', '.join(map(repr, children))}"
            if change.entity in ("document", "coder"):
                column = "document_id" if change.entity == "document" else "coder"
                users = self._db.execute(
                    f"SELECT coder, count(*) FROM spans WHERE {column} = ? GROUP BY coder ORDER BY coder", [change.key]
                ).fetchall()
                if users:
                    spans = ", ".join(f"{n} span(s) of {c}" for c, n in users)
                    return f"{change.entity} {change.key!r} holds {spans}"
        return "other rows depend on what it would change (added after the action)"

    def _history(self, coder: str) -> UndoHistory:
        history = self._histories.setdefault(coder, UndoHistory())
        rows = self._db.execute(
            "SELECT id, batch, kind, reverts FROM events WHERE coder = ? AND id > ? ORDER BY id",
            [coder, history.last_event_id],
        )
        for row in rows:
            history.feed(*row)
        return history


def ends_of(event: Event, kind: str) -> tuple[State | None, State | None]:
    """The row state an undo (or redo) of the event expects to find, and the one it restores."""
    return (event.after, event.before) if kind == UNDO else (event.before, event.after)


class _SpanCarrier:
    """For one undo or redo: each document's text and the text corrections made to it after the
    reverted action, read and diffed once however many spans the revert brings back."""

    def __init__(self, db: Any, since: int) -> None:
        self._db, self.since = db, since
        self._texts: dict[str, str | None] = {}
        self._maps: dict[str, list[TextMap]] = {}

    def text(self, document_id: str) -> str | None:
        """The document's text now (None when it is gone)."""
        if document_id not in self._texts:
            row = self._db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
            self._texts[document_id] = row[0] if row else None
        return self._texts[document_id]

    def corrections(self, document_id: str) -> list[TextMap]:
        """The document's text changes since the action, oldest first, each as the map a correction uses."""
        if document_id not in self._maps:
            rows = self._db.execute(
                "SELECT before, after FROM events WHERE entity = 'document' AND entity_id = ? AND id > ? ORDER BY id",
                [document_id, self.since],
            )
            texts = [tuple(json.loads(value)["text"] if value else None for value in row) for row in rows]
            self._maps[document_id] = [TextMap(old, new) for old, new in texts if old and new and old != new]
        return self._maps[document_id]


def _span(state: State | None, stamp: str) -> Span | None:
    """A Span from an event's state (the update time is when the action was written)."""
    return None if state is None else Span.from_state(state, stamp)
