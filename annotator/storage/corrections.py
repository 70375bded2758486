"""Correcting a document's text (anchors carried across), its undo and redo planned afresh, and the
review list a correction leaves (`project.reviews`)."""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.anchoring import TextMap
from annotator.domain.errors import InputError
from annotator.domain.models import Event, content_hash
from annotator.storage import pause
from annotator.storage.actions import Action, HistoryError, ends_of
from annotator.storage.base import ConflictError, ProjectStore
from annotator.storage.decision_keys import DECISION_KEYS, decision_key_changes
from annotator.storage.entities import Change, State, change_to, read_state
from annotator.storage.row_labels import changed_by, last_change
from annotator.storage.rows import SPAN_COLUMNS, span_from_row
from annotator.storage.sqlite_library import sqlite_utils

REVIEW_KEY = "review:"  # project-table key of a document's review list, followed by its id


@dataclass(frozen=True)
class Replaced:
    """What a text replacement did: how many spans and passages kept, moved, re-anchored, for review."""

    document_id: str
    kept: int
    moved: int
    reanchored: int
    review: list[dict[str, Any]]
    passages_moved: int


class TextChangedMeanwhile(ConflictError):
    """The document's text is no longer the one an editor opened: `by` (a coder, or None when no
    logged action says) changed it with an action of `kind`. Nothing was written."""

    def __init__(self, document_id: str, by: str | None, kind: str | None) -> None:
        self.document_id, self.by, self.kind = document_id, by, kind
        who = f"by {by} ({kind})" if by else "outside the action log"
        super().__init__(f"document {document_id!r} was changed {who} since the editor opened it; nothing was written")


def document_state(db: sqlite_utils.Database, document_id: str) -> State:
    """The document's row as an event records it; InputError naming it when there is none."""
    state = read_state(db, "document", document_id)
    if state is None:
        raise InputError(f"no document {document_id!r} in the project")
    return state


def review_changes(
    db: sqlite_utils.Database, document_id: str, items: list[dict[str, Any]], *, new_id: str | None = None
) -> list[Change]:
    """Changes that make the document's review list `items` (stored under `new_id` when renaming)."""
    changes = []
    key = REVIEW_KEY + document_id
    target = REVIEW_KEY + (new_id or document_id)
    if target != key and read_state(db, "meta", key) is not None:
        changes.append(change_to(db, "meta", None, key=key))
    after = {"key": target, "value": json.dumps(items, ensure_ascii=False)} if items else None
    if after != read_state(db, "meta", target):
        changes.append(change_to(db, "meta", after, key=target))
    return changes


class ReviewStore(ProjectStore):
    """Each document's review list: what a text correction could not carry across for certain."""

    def list(self, document_id: str | None = None) -> builtins.list[dict[str, Any]]:
        """The items left for review by text replacements, of one document or all, in text order."""
        if document_id is not None:
            document_state(self._db, document_id)
        rows = self._db.execute(
            "SELECT key, value FROM project WHERE key LIKE ? ESCAPE '\\' ORDER BY key", [REVIEW_KEY + "%"]
        ).fetchall()
        items: list[dict[str, Any]] = []
        for key, value in rows:
            if document_id is None or key == REVIEW_KEY + document_id:
                items.extend(json.loads(value))
        return items

    def resolve(self, coder: str, document_id: str, items: Sequence[tuple[str, str]]) -> int:
        """Take items, given as (entity, id), off the document's review list as one action; how many."""
        with self._project.transaction():
            current = self.list(document_id)
            wanted = {(entity, str(key)) for entity, key in items}
            kept = [item for item in current if (item["entity"], str(item["id"])) not in wanted]
            coder = self._project.coders.ensure(coder)
            changes = review_changes(self._db, document_id, kept)
            self._project.history.record(coder, "document-review", changes, detail={"document": document_id})
        return len(current) - len(kept)


class TextCorrections(ProjectStore):
    """A document's text replaced with every span and passage carried across; the undo and redo of
    such a correction are corrections too (the history store calls `revert`)."""

    def replace(self, coder: str, document_id: str, text: str, *, expected_text: str | None = None) -> Replaced:
        """Replace the document's text; every span and passage is carried across (never dropped).

        The diff of a long text is made before the write lock is taken; inside it the document is
        read again, and diffed again if its text changed meanwhile. With `expected_text` (the text
        an editor opened), a text changed meanwhile is not replaced: TextChangedMeanwhile.
        """
        planned = document_state(self._db, document_id)["text"]
        if not text.strip():
            raise InputError(f"the new text of document {document_id!r} is empty; remove the document instead")
        if expected_text is not None and planned != expected_text:
            raise self._text_changed(document_id)
        text_map = TextMap(planned, text) if text != planned else None
        pause.point("replace-text")
        with self._project.transaction():
            coder = self._project.coders.ensure(coder)
            document = document_state(self._db, document_id)
            if expected_text is not None and document["text"] != expected_text:
                raise self._text_changed(document_id)
            if document["text"] != planned:  # corrected meanwhile: plan again, with the lock held
                planned = document["text"]
                text_map = TextMap(planned, text) if text != planned else None
            if text_map is None:  # nothing to carry: no action, so undo does not step over an empty one
                spans = self._db.execute("SELECT count(*) FROM spans WHERE document_id = ?", [document_id]).fetchone()
                return Replaced(document_id, spans[0], 0, 0, self._project.reviews.list(document_id), 0)
            changes, replaced = self._carried(document, text_map)
            detail = {
                "document": document_id,
                "spans_moved": replaced.moved + replaced.reanchored,
                "review": len(replaced.review),
            }
            self._project.history.record(coder, "document-text", changes, detail=detail)
        return replaced

    def _passage_state(self, passage_id: int) -> State:
        state = read_state(self._db, "passage", str(passage_id))
        assert state is not None, "a passage listed in this transaction exists"
        return state

    def _text_changed(self, document_id: str) -> TextChangedMeanwhile:
        found = last_change(self._db, "document", document_id)
        return TextChangedMeanwhile(document_id, *(found or (None, None)))

    def _correction_extras(self, document_id: str, moves: list[tuple[State, State]]) -> list[Change]:
        """Further rows a text correction carries across, in its own action: a hook, given every
        span of the document as (before, after) states (equal for a span that did not move): the
        adjudication decisions whose items those spans make (docs/adjudication.md)."""
        return decision_key_changes(self._db, document_id, moves)

    def _carried(
        self,
        document: State,
        text_map: TextMap,
        *,
        exact: dict[tuple[str, str], State] | None = None,
        restored_review: list[dict[str, Any]] | None = None,
        untouched_before: str | None = None,
    ) -> tuple[list[Change], Replaced]:
        """The changes of a text correction, read with the write lock held: the document's new text,
        every span and passage carried by `text_map`, the review list, and the hook's extras.

        `exact` (an undo or redo) gives rows to restore to a known state instead of moving them,
        and `restored_review` the review items those rows then have. `untouched_before` (an undo or
        redo: the reverted action's time) keeps in place a span last written before that action
        whose words are still at its offsets in the text it goes back to: the action left it where
        it was, and mapping it back through the diff could nudge a boundary next to the edit."""
        document_id, old, text = document["id"], text_map.old, text_map.new
        exact = exact or {}
        previous = {(item["entity"], str(item["id"])): item for item in self._project.reviews.list(document_id)}
        # Rows restored exactly take the review items they had then, when the list is known.
        restored = previous if restored_review is None else {(i["entity"], str(i["id"])): i for i in restored_review}
        changes: list[Change] = [
            Change("document", document_id, document, {**document, "text": text, "content_hash": content_hash(text)})
        ]
        review: list[dict[str, Any]] = []
        moves: list[tuple[State, State]] = []
        kept = moved = reanchored = 0
        spans = [
            span_from_row(row)
            for row in self._db.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id = ? ORDER BY start_offset, id", [document_id]
            )
        ]
        for span in spans:
            before = span.state()
            row = ("span", span.id)
            if row in exact:
                after, needs_review, earlier = exact[row], False, restored.get(row)
                kept += 1
                moved += after != before
            elif (
                untouched_before is not None
                and span.updated_at <= untouched_before  # the same millisecond: the words decide
                and text[span.start : span.end] == span.text
            ):
                after, needs_review, earlier = before, False, previous.get(row)
                kept += 1
            else:
                where = text_map.move_span(span.start, span.end)
                kept += where.how == "kept"
                reanchored += where.how == "re-anchored"
                after = {**before, "start": where.start, "end": where.end, "text": text[where.start : where.end]}
                moved += where.how == "kept" and after != before
                needs_review, earlier = where.review, previous.get(row)
            moves.append((before, after))
            if after != before:
                changes.append(Change("span", span.id, before, after))
            if needs_review or earlier:
                review.append(
                    {
                        "entity": "span",
                        "id": span.id,
                        "coder": span.coder,
                        "code": span.code_id,
                        "start": after["start"],
                        "end": after["end"],
                        "old_quote": earlier["old_quote"] if earlier else span.text,
                    }
                )
        passages_moved = 0
        passage_ids = [
            row[0]
            for row in self._db.execute(
                "SELECT id FROM passages WHERE document_id = ? ORDER BY start_offset", [document_id]
            )
        ]
        passages = [self._passage_state(passage_id) for passage_id in passage_ids]
        starts = {state["start_offset"] for state in passages}
        ends = {state["end_offset"] for state in passages}
        for before in passages:
            row = ("passage", str(before["id"]))
            if row in exact:
                after, needs_review, earlier = exact[row], False, restored.get(row)
            else:
                where = text_map.move_passage(
                    before["start_offset"],
                    before["end_offset"],
                    shared_start=before["start_offset"] in ends,
                    shared_end=before["end_offset"] in starts,
                )
                after = {**before, "start_offset": where.start, "end_offset": where.end}
                needs_review, earlier = where.review, previous.get(row)
            if after != before:
                passages_moved += 1
                changes.append(Change("passage", row[1], before, after))
            if needs_review or earlier:
                review.append(
                    {
                        "entity": "passage",
                        "id": before["id"],
                        "section": before["section"],
                        "start": after["start_offset"],
                        "end": after["end_offset"],
                        "old_quote": earlier["old_quote"]
                        if earlier
                        else old[before["start_offset"] : before["end_offset"]],
                    }
                )
        review.sort(key=lambda item: (item["start"], item["end"], item["entity"], str(item["id"])))
        changes += review_changes(self._db, document_id, review)
        changes += self._correction_extras(document_id, moves)
        return changes, Replaced(document_id, kept - moved, moved, reanchored, review, passages_moved)

    def revert(self, coder: str, kind: str, target: str, events: list[Event]) -> Action:
        """Undo or redo a text correction as a correction of its own (in the caller's transaction):
        the text goes back (or forward); rows still exactly as the action left them get their
        state from the log, every other span and passage (coded since, say) is carried across by
        the diff, and what cannot be carried goes on the review list."""
        document_event = next(event for event in events if event.entity == "document")
        document_id = str(document_event.entity_id)
        expected, goal = ends_of(document_event, kind)
        assert expected is not None and goal is not None, "a text correction keeps its document"
        document = read_state(self._db, "document", document_id)
        if document is None or document["text"] != expected["text"]:
            raise HistoryError(
                f"cannot {kind}: {changed_by(self._db, 'document', document_id)} since; nothing was written"
            )
        exact: dict[tuple[str, str], State] = {}
        restored_review: list[dict[str, Any]] | None = None
        for event in events:
            left, restore = ends_of(event, kind)
            row = (event.entity, str(event.entity_id))
            still = read_state(self._db, *row) == left
            if event.entity in ("span", "passage") and still and restore is not None:
                exact[row] = restore
            elif event.entity == "meta" and row[1].startswith(REVIEW_KEY) and still:
                restored_review = json.loads(restore["value"]) if restore else []
        changes, replaced = self._carried(
            document,
            TextMap(document["text"], goal["text"]),
            exact=exact,
            restored_review=restored_review,
            untouched_before=document_event.at,
        )
        changes = self._decisions_back(changes, document_id, kind, events)
        detail = {**document_event.detail, "spans_moved": replaced.moved + replaced.reanchored}
        detail["review"] = len(replaced.review)
        return self._project.history.record(coder, kind, changes, reverts=target, detail=detail)

    def _decisions_back(self, changes: list[Change], document_id: str, kind: str, events: list[Event]) -> list[Change]:
        """An undo or redo of a correction puts the document's decision keys back exactly as the
        action found (or left) them when nothing has changed them since: the hook's fresh mapping
        of the reverse edit is kept only when later work changed them (a joined item's parts then
        get their own choices back, not the mixed one a fresh mapping would derive)."""
        key = DECISION_KEYS + document_id
        batch = events[0].batch
        later = self._db.execute(
            "SELECT reverts FROM events WHERE entity = 'meta' AND entity_id = ? AND id > ?",
            [key, max(event.id for event in events)],
        ).fetchall()
        if any(reverts != batch for (reverts,) in later):  # changed by other work than this action's undo
            return changes
        current = read_state(self._db, "meta", key)
        logged = next((event for event in events if event.entity == "meta" and event.entity_id == key), None)
        goal = ends_of(logged, kind)[1] if logged is not None else current
        kept = [change for change in changes if not (change.entity == "meta" and change.key == key)]
        return kept + ([Change("meta", key, current, goal)] if goal != current else [])
