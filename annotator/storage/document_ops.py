"""Changing documents after import, each as one undoable action: replace the text (anchors carried
across), set attributes, rename, remove; and the review list a text replacement leaves."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.anchoring import TextMap
from annotator.domain.errors import InputError, shown
from annotator.domain.limits import MAX_DOCUMENT_ID
from annotator.domain.models import content_hash
from annotator.storage.actions import ActionStore
from annotator.storage.decision_keys import decision_key_changes
from annotator.storage.entities import Change, State, change_to, read_state
from annotator.storage.rows import SPAN_COLUMNS, span_from_row

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


class DocumentOps(ActionStore):
    """Document edits through the generic action log (so undo and redo need nothing of their own)."""

    def _document_state(self, document_id: str) -> State:
        state = read_state(self.db, "document", document_id)
        if state is None:
            raise InputError(f"no document {document_id!r} in the project")
        return state

    def _passage_state(self, passage_id: int) -> State:
        state = read_state(self.db, "passage", str(passage_id))
        assert state is not None, "a passage listed in this transaction exists"
        return state

    def review_list(self, document_id: str | None = None) -> list[dict[str, Any]]:
        """The items left for review by text replacements, of one document or all, in text order."""
        self._document_state(document_id) if document_id is not None else None
        rows = self.db.execute(
            "SELECT key, value FROM project WHERE key LIKE ? ESCAPE '\\' ORDER BY key", [REVIEW_KEY + "%"]
        ).fetchall()
        items: list[dict[str, Any]] = []
        for key, value in rows:
            if document_id is None or key == REVIEW_KEY + document_id:
                items.extend(json.loads(value))
        return items

    def _review_change(
        self, document_id: str, items: list[dict[str, Any]], *, new_id: str | None = None
    ) -> list[Change]:
        """Changes that make the document's review list `items` (stored under `new_id` when renaming)."""
        changes = []
        key = REVIEW_KEY + document_id
        target = REVIEW_KEY + (new_id or document_id)
        if target != key and read_state(self.db, "meta", key) is not None:
            changes.append(change_to(self.db, "meta", None, key=key))
        after = {"key": target, "value": json.dumps(items, ensure_ascii=False)} if items else None
        if after != read_state(self.db, "meta", target):
            changes.append(change_to(self.db, "meta", after, key=target))
        return changes

    def resolve_review(self, coder: str, document_id: str, items: Sequence[tuple[str, str]]) -> int:
        """Take items, given as (entity, id), off the document's review list as one action; how many."""
        current = self.review_list(document_id)
        wanted = {(entity, str(key)) for entity, key in items}
        kept = [item for item in current if (item["entity"], str(item["id"])) not in wanted]
        with self.transaction():
            coder = self.ensure_coder(coder)
            self.record(
                coder, "document-review", self._review_change(document_id, kept), detail={"document": document_id}
            )
        return len(current) - len(kept)

    def replace_text(self, coder: str, document_id: str, text: str) -> Replaced:
        """Replace the document's text; every span and passage is carried across (never dropped)."""
        document = self._document_state(document_id)
        if not text.strip():
            raise InputError(f"the new text of document {document_id!r} is empty; remove the document instead")
        old = document["text"]
        if text == old:  # nothing to carry: no action, so undo does not step over an empty one
            spans = self.db.execute("SELECT count(*) FROM spans WHERE document_id = ?", [document_id]).fetchone()[0]
            return Replaced(document_id, spans, 0, 0, self.review_list(document_id), 0)
        text_map = TextMap(old, text)
        changes: list[Change] = [
            Change("document", document_id, document, {**document, "text": text, "content_hash": content_hash(text)})
        ]
        previous = {(item["entity"], str(item["id"])): item for item in self.review_list(document_id)}
        review: list[dict[str, Any]] = []
        kept = moved = reanchored = 0
        spans = [
            span_from_row(row)
            for row in self.db.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id = ? ORDER BY start_offset, id", [document_id]
            )
        ]
        for span in spans:
            where = text_map.move_span(span.start, span.end)
            kept += where.how == "kept"
            reanchored += where.how == "re-anchored"
            if (where.start, where.end) != (span.start, span.end) or text[where.start : where.end] != span.text:
                moved += where.how == "kept"
                before = span.state()
                changes.append(
                    Change(
                        "span",
                        span.id,
                        before,
                        {**before, "start": where.start, "end": where.end, "text": text[where.start : where.end]},
                    )
                )
            earlier = previous.get(("span", span.id))
            if where.review or earlier:
                review.append(
                    {
                        "entity": "span",
                        "id": span.id,
                        "coder": span.coder,
                        "code": span.code_id,
                        "start": where.start,
                        "end": where.end,
                        "old_quote": earlier["old_quote"] if earlier else span.text,
                    }
                )
        passages_moved = 0
        passage_ids = [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM passages WHERE document_id = ? ORDER BY start_offset", [document_id]
            )
        ]
        passages = [self._passage_state(passage_id) for passage_id in passage_ids]
        starts = {state["start_offset"] for state in passages}
        ends = {state["end_offset"] for state in passages}
        for before in passages:
            where = text_map.move_passage(
                before["start_offset"],
                before["end_offset"],
                shared_start=before["start_offset"] in ends,
                shared_end=before["end_offset"] in starts,
            )
            if (where.start, where.end) != (before["start_offset"], before["end_offset"]):
                passages_moved += 1
                changes.append(
                    Change(
                        "passage",
                        str(before["id"]),
                        before,
                        {**before, "start_offset": where.start, "end_offset": where.end},
                    )
                )
            earlier = previous.get(("passage", str(before["id"])))
            if where.review or earlier:
                review.append(
                    {
                        "entity": "passage",
                        "id": before["id"],
                        "section": before["section"],
                        "start": where.start,
                        "end": where.end,
                        "old_quote": earlier["old_quote"]
                        if earlier
                        else old[before["start_offset"] : before["end_offset"]],
                    }
                )
        review.sort(key=lambda item: (item["start"], item["end"], item["entity"], str(item["id"])))
        with self.transaction():
            coder = self.ensure_coder(coder)
            changes += self._review_change(document_id, review)
            # Adjudication decisions follow their items' spans (the writerule hook `_correction_extras`).
            moved_to = {change.key: change.after for change in changes if change.entity == "span"}
            moves = [(span.state(), moved_to.get(span.id) or span.state()) for span in spans]
            changes += decision_key_changes(self.db, document_id, moves)
            detail = {"document": document_id, "spans_moved": moved + reanchored, "review": len(review)}
            self.record(coder, "document-text", changes, detail=detail)
        return Replaced(document_id, kept - moved, moved, reanchored, review, passages_moved)

    def set_attributes(
        self, coder: str, document_id: str, values: dict[str, str], unset: Sequence[str] = ()
    ) -> dict[str, str]:
        """Set and unset attributes of one document as one action; the attributes afterwards."""
        document = self._document_state(document_id)
        attributes = json.loads(document["attributes"])
        for name in list(values) + list(unset):
            if not name.strip() or name != name.strip():
                raise InputError(f"attribute name {shown(name)} is blank or starts or ends with spaces")
        for name in unset:
            if name not in attributes:
                raise InputError(f"document {document_id!r} has no attribute {shown(name)} to unset")
            del attributes[name]
        attributes.update(values)
        with self.transaction():
            coder = self.ensure_coder(coder)
            after = {**document, "attributes": json.dumps(attributes, ensure_ascii=False)}
            self.record(
                coder,
                "document-attributes",
                [Change("document", document_id, document, after)],
                detail={"document": document_id},
            )
        return attributes

    def set_all_attributes(self, coder: str, table: dict[str, dict[str, str]]) -> int:
        """Replace the attributes of several documents at once (a CSV import), as one action."""
        changes = []
        for document_id, attributes in table.items():
            document = self._document_state(document_id)
            after = {**document, "attributes": json.dumps(attributes, ensure_ascii=False)}
            if after != document:
                changes.append(Change("document", document_id, document, after))
        with self.transaction():
            coder = self.ensure_coder(coder)
            self.record(coder, "document-attributes", changes, detail={"documents": len(changes)})
        return len(changes)

    def rename_document(self, coder: str, old_id: str, new_id: str) -> None:
        """Give a document a new id; its spans, passages, done marks, review list and coders follow."""
        document = self._document_state(old_id)
        if not new_id or new_id != new_id.strip() or len(new_id) > MAX_DOCUMENT_ID:
            raise InputError(
                f"document id {shown(new_id)} is not usable: 1 to {MAX_DOCUMENT_ID} characters, no spaces at either end"
            )
        if read_state(self.db, "document", new_id) is not None:
            raise InputError(f"document {new_id!r} already exists in the project; choose another id")
        # The guid is unique and stays with the document: the old row gives it up first.
        parked = {**document, "guid": f"renaming-{document['guid']}"}
        changes = [
            Change("document", old_id, document, parked),
            change_to(self.db, "document", {**document, "id": new_id}),
        ]
        changes += self._moved_rows(old_id, {"document_id": new_id})
        for (name,) in self.db.execute("SELECT name FROM coders WHERE current_document = ?", [old_id]).fetchall():
            before = read_state(self.db, "coder", name)
            changes.append(Change("coder", name, before, {**before, "current_document": new_id}))  # type: ignore[dict-item]
        changes += self._review_change(old_id, self.review_list(old_id), new_id=new_id)
        changes.append(Change("document", old_id, parked, None))
        with self.transaction():
            coder = self.ensure_coder(coder)
            self.record(coder, "document-rename", changes, detail={"document": old_id, "to": new_id})

    def remove_document(self, coder: str, document_id: str, *, with_spans: bool = False) -> int:
        """Remove a document (and, when asked, its spans) as one undoable action; the spans removed."""
        document = self._document_state(document_id)
        spans = self.db.execute("SELECT count(*) FROM spans WHERE document_id = ?", [document_id]).fetchone()[0]
        if spans and not with_spans:
            raise InputError(
                f"document {document_id!r} has {spans} span(s); remove them with it by --with-spans, or keep it"
            )
        changes = self._moved_rows(document_id, None)
        for (name,) in self.db.execute("SELECT name FROM coders WHERE current_document = ?", [document_id]).fetchall():
            before = read_state(self.db, "coder", name)
            changes.append(Change("coder", name, before, {**before, "current_document": None}))  # type: ignore[dict-item]
        changes += self._review_change(document_id, [])
        changes.append(Change("document", document_id, document, None))
        with self.transaction():
            coder = self.ensure_coder(coder)
            self.record(coder, "document-remove", changes, detail={"document": document_id, "spans": spans})
        return spans

    def _moved_rows(self, document_id: str, update: dict[str, Any] | None) -> list[Change]:
        """Changes moving (update given) or deleting (None) the document's spans, passages and done marks."""
        changes: list[Change] = []
        for entity, sql in (
            ("span", "SELECT id FROM spans WHERE document_id = ?"),
            ("passage", "SELECT id FROM passages WHERE document_id = ?"),
        ):
            for (key,) in self.db.execute(sql, [document_id]).fetchall():
                before = read_state(self.db, entity, str(key))
                assert before is not None
                after = None if update is None else {**before, **update}
                changes.append(Change(entity, str(key), before, after))
        for (name,) in self.db.execute("SELECT coder FROM progress WHERE document_id = ?", [document_id]).fetchall():
            key = json.dumps([name, document_id], ensure_ascii=False)
            before = read_state(self.db, "progress", key)
            assert before is not None
            changes.append(Change("progress", key, before, None))
            if update is not None:
                changes.append(change_to(self.db, "progress", {**before, **update}))
        return changes
