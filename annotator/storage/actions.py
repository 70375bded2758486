"""Actions: changes to any table written with one event per changed row, undone and redone from the log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Event, Span
from annotator.storage.base import Store, new_batch_id
from annotator.storage.database import now
from annotator.storage.entities import SPAN, Change, State, read_state, table
from annotator.storage.history import REDO, UNDO, UndoHistory
from annotator.storage.rows import EVENT_COLUMNS, event_from_row

SpanChange = tuple[Span | None, Span | None]


class HistoryError(AnnotatorError):
    """Undo or redo cannot be applied because a row changed since (another window, another process)."""


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


class ActionStore(Store):
    """Writes actions and replays the event log backwards (undo) and forwards (redo), per coder."""

    _histories: dict[str, UndoHistory]

    def record(
        self,
        coder: str,
        kind: str,
        changes: Sequence[Change],
        *,
        detail: dict[str, Any] | None = None,
        reverts: str | None = None,
    ) -> Action:
        """Write each change and its event, in the caller's transaction, as one batch.

        An action without changes logs one event naming no row, so it still has its place in
        the log and in the undo history (e.g. a decision to keep nothing).
        """
        batch = new_batch_id()
        if not changes:
            self.log_event(kind, coder=coder, batch=batch, reverts=reverts, detail=detail)
        stamp = now()
        spans: list[SpanChange] = []
        others: list[Change] = []
        for change in changes:
            rows = table(change.entity)
            change = Change(change.entity, change.key, change.before, rows.prepare(change.after, stamp))
            rows.write(self.db, change.key, change.after)
            self.log_event(
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
            self.db.execute(
                "SELECT batch, detail FROM events WHERE coder = ? AND kind = ? GROUP BY batch", [coder, kind]
            ).fetchall()
        )
        return [(batch, json.loads(details[batch])) for batch in active if batch in details]

    def events(self, coder: str | None = None, batch: str | None = None) -> list[Event]:
        """The event log (the audit trail), optionally of one coder or one batch, oldest first."""
        given = [(column, value) for column, value in (("coder", coder), ("batch", batch)) if value is not None]
        where = ("WHERE " + " AND ".join(f"{column} = ?" for column, _ in given)) if given else ""
        rows = self.db.execute(f"SELECT {EVENT_COLUMNS} FROM events {where} ORDER BY id", [v for _, v in given])
        return [event_from_row(row) for row in rows]

    def _top_event(self, coder: str, kind: str) -> Event | None:
        history = self._history(coder)
        stack = history.undo if kind == UNDO else history.redo
        if not stack:
            return None
        events = self.events(batch=stack[-1])
        return events[0] if events else None

    def _revert(self, coder: str, kind: str) -> Action | None:
        with self.transaction():
            # Read the history inside the write lock, so two windows cannot undo the same action.
            history = self._history(coder)
            stack = history.undo if kind == UNDO else history.redo
            if not stack:
                return None
            target = stack[-1]
            events = self.events(batch=target)
            detail = events[0].detail if events else {}
            rows = [event for event in events if event.entity_id is not None]
            ordered = reversed(rows) if kind == UNDO else rows
            changes = []
            # A row an action changed twice (a renamed document gives up its guid, then goes) is
            # checked against what the earlier step of this revert leaves, not the stored row.
            pending: dict[tuple[str, str], State | None] = {}
            for event in ordered:
                expected, goal = (event.after, event.before) if kind == UNDO else (event.before, event.after)
                row = (event.entity, event.entity_id)
                current = pending[row] if row in pending else read_state(self.db, *row)  # type: ignore[arg-type]
                pending[row] = goal  # type: ignore[index]
                if current != expected:
                    raise HistoryError(
                        f"cannot {kind}: a {event.entity} of that action has changed since (in another window or process)"
                    )
                changes.append(Change(event.entity, event.entity_id, current, goal))  # type: ignore[arg-type]
            try:
                action = self.record(coder, kind, changes, reverts=target, detail=detail)
            except sqlite3.IntegrityError:
                raise HistoryError(
                    f"cannot {kind}: other rows depend on what it would change (e.g. spans of another coder use a code "
                    "it would remove)"
                ) from None
            return replace(action, reverted_kind=events[0].kind if events else None)

    def _history(self, coder: str) -> UndoHistory:
        history = self._histories.setdefault(coder, UndoHistory())
        rows = self.db.execute(
            "SELECT id, batch, kind, reverts FROM events WHERE coder = ? AND id > ? ORDER BY id",
            [coder, history.last_event_id],
        )
        for row in rows:
            history.feed(*row)
        return history


def _span(state: State | None, stamp: str) -> Span | None:
    """A Span from an event's state (the update time is when the action was written)."""
    return None if state is None else Span.from_state(state, stamp)
