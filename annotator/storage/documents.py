"""Documents and their passages: add (all-or-nothing), list, read; correct, rename, remove, each undoably."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.domain.errors import InputError, shown
from annotator.domain.models import Document, Passage, content_hash
from annotator.domain.names import ATTRIBUTE_NAME, DOCUMENT_ID, ROLE, SPEAKER, require_name
from annotator.storage.base import ProjectStore, next_position
from annotator.storage.corrections import Replaced, TextCorrections, document_state, review_changes
from annotator.storage.database import now
from annotator.storage.entities import Change, change_to, read_state
from annotator.storage.rows import DOCUMENT_COLUMNS, document_from_row, passage_from_row

if TYPE_CHECKING:
    from annotator.storage.project import Project


@dataclass(frozen=True)
class DocumentSummary:
    """What a list of documents shows, without the text: id, title, attributes, length in code points."""

    id: str
    title: str
    attributes: dict[str, Any]
    length: int


class DocumentStore(ProjectStore):
    """The documents table and the passages that belong to each document; every change after the
    import is one undoable action."""

    def __init__(self, project: Project, corrections: TextCorrections) -> None:
        super().__init__(project)
        self._corrections = corrections

    def add(self, documents: Iterable[Document], passages: Iterable[Passage] = ()) -> int:
        """Add new documents (and their passages) in one transaction; an existing id is an error."""
        documents = list(documents)
        passages = list(passages)
        existing = set(self.ids())
        seen: set[str] = set()
        for document in documents:
            # A backstop: the readers check names first and say which file and line.
            require_name(DOCUMENT_ID, document.id)
            for name in document.attributes:
                require_name(ATTRIBUTE_NAME, name, where=f"document {document.id!r}: ")
            if document.id in existing or document.id in seen:
                raise InputError(
                    f"document {document.id!r} already exists in the project; rename the file or remove it"
                )
            seen.add(document.id)
        lengths = {document.id: len(document.text) for document in documents}
        for passage in passages:
            for kind, key in ((SPEAKER, "speaker"), (ROLE, "role")):
                if key in passage.attributes:
                    require_name(kind, passage.attributes[key], where=f"document {passage.document_id!r}: ")
            length = lengths.get(passage.document_id)
            if length is None:
                raise InputError(f"passage names document {passage.document_id!r}, which is not being added")
            if not 0 <= passage.start <= passage.end <= length:
                raise InputError(
                    f"passage {passage.start}-{passage.end} of document {passage.document_id!r} lies outside its "
                    f"{length} characters"
                )
        position = next_position(self._db, "documents")
        stamp = now()
        with self._project.transaction():
            self._db.conn.executemany(
                "INSERT INTO documents (id, title, text, content_hash, attributes, position, guid, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        document.id,
                        document.title,
                        document.text,
                        content_hash(document.text),
                        json.dumps(document.attributes, ensure_ascii=False),
                        position + index,
                        str(uuid.uuid4()).upper(),
                        stamp,
                    )
                    for index, document in enumerate(documents)
                ],
            )
            self._db.conn.executemany(
                "INSERT INTO passages (document_id, start_offset, end_offset, section, attributes) VALUES (?, ?, ?, ?, ?)",
                [
                    (p.document_id, p.start, p.end, p.section, json.dumps(p.attributes, ensure_ascii=False))
                    for p in passages
                ],
            )
        return len(documents)

    def ids(self) -> list[str]:
        """Document ids in project order."""
        return [row[0] for row in self._db.execute("SELECT id FROM documents ORDER BY position")]

    def all(self) -> list[Document]:
        """Every document, in project order."""
        cursor = self._db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY position")
        return [document_from_row(row) for row in cursor]

    def summaries(self) -> list[DocumentSummary]:
        """Every document's id, title, attributes and length, in project order, without reading
        texts into objects (a list of 10,000 testimonies costs what the list shows)."""
        cursor = self._db.execute("SELECT id, title, attributes, length(text) FROM documents ORDER BY position")
        return [
            # Most documents have no attributes: no JSON parse for those (10,000 parses cost ~30 ms).
            DocumentSummary(doc_id, title, json.loads(attributes) if attributes != "{}" else {}, length)
            for doc_id, title, attributes, length in cursor
        ]

    def get(self, document_id: str) -> Document:
        """One document; InputError naming it when it does not exist."""
        row = self._db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise InputError(f"no document {document_id!r} in the project")
        return document_from_row(row)

    def hashes(self) -> dict[str, str]:
        """Content hash of every document, by id."""
        return dict(self._db.execute("SELECT id, content_hash FROM documents").fetchall())

    def lengths(self) -> dict[str, int]:
        """Length in code points of every document, by id (SQLite's length() counts characters)."""
        return dict(self._db.execute("SELECT id, length(text) FROM documents ORDER BY position").fetchall())

    def guids(self) -> dict[str, str]:
        """The stable GUID of every document, by id (REFI-QDA sources need one)."""
        return dict(self._db.execute("SELECT id, guid FROM documents").fetchall())

    def require(self, document_id: str) -> int:
        """The document's length in code points; InputError when there is no such document."""
        row = self._db.execute("SELECT length(text) FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise InputError(f"no document {document_id!r} in the project")
        return int(row[0])

    def set_guids(self, guids: Mapping[str, str]) -> None:
        """Give documents the GUIDs an exchange file names them by, so a later export writes the same ones."""
        self._db.conn.executemany(
            "UPDATE documents SET guid = ? WHERE id = ?", [(guid, doc) for doc, guid in guids.items()]
        )

    def passages(self, document_id: str | None = None) -> list[Passage]:
        """Passages of one document, or of all, in document and offset order."""
        sql = "SELECT p.document_id, p.start_offset, p.end_offset, p.section, p.attributes FROM passages p"
        sql += " JOIN documents d ON d.id = p.document_id"
        params: list[str] = []
        if document_id is not None:
            sql += " WHERE p.document_id = ?"
            params.append(document_id)
        sql += " ORDER BY d.position, p.start_offset"
        return [passage_from_row(row) for row in self._db.execute(sql, params)]

    def replace_text(self, coder: str, document_id: str, text: str, *, expected_text: str | None = None) -> Replaced:
        """Replace the document's text; every span and passage is carried across (never dropped).

        With `expected_text` (the text an editor opened), a text changed meanwhile is not
        replaced: TextChangedMeanwhile (annotator/storage/corrections.py says how).
        """
        return self._corrections.replace(coder, document_id, text, expected_text=expected_text)

    def set_attributes(
        self, coder: str, document_id: str, values: dict[str, str], unset: Sequence[str] = ()
    ) -> dict[str, str]:
        """Set and unset attributes of one document as one action; the attributes afterwards."""
        for name in values:
            require_name(ATTRIBUTE_NAME, name, where=f"document {document_id!r}: ")
        with self._project.transaction():
            document = document_state(self._db, document_id)
            attributes: dict[str, str] = json.loads(document["attributes"])
            for name in unset:
                if name not in attributes:
                    raise InputError(f"document {document_id!r} has no attribute {shown(name)} to unset")
                del attributes[name]
            attributes.update(values)
            coder = self._project.coders.ensure(coder)
            after = {**document, "attributes": json.dumps(attributes, ensure_ascii=False)}
            self._project.history.record(
                coder,
                "document-attributes",
                [Change("document", document_id, document, after)],
                detail={"document": document_id},
            )
        return attributes

    def set_all_attributes(self, coder: str, table: dict[str, dict[str, str]]) -> int:
        """Replace the attributes of several documents at once (a CSV import), as one action."""
        with self._project.transaction():
            changes = []
            for document_id, attributes in table.items():
                for name in attributes:
                    require_name(ATTRIBUTE_NAME, name, where=f"document {document_id!r}: ")
                document = document_state(self._db, document_id)
                after = {**document, "attributes": json.dumps(attributes, ensure_ascii=False)}
                if after != document:
                    changes.append(Change("document", document_id, document, after))
            coder = self._project.coders.ensure(coder)
            self._project.history.record(coder, "document-attributes", changes, detail={"documents": len(changes)})
        return len(changes)

    def rename(self, coder: str, old_id: str, new_id: str) -> None:
        """Give a document a new id; its spans, passages, memos, done marks, review list and coders follow."""
        require_name(DOCUMENT_ID, new_id, where="new ")
        with self._project.transaction():
            document = document_state(self._db, old_id)
            if read_state(self._db, "document", new_id) is not None:
                raise InputError(f"document {new_id!r} already exists in the project; choose another id")
            # The guid is unique and stays with the document: the old row gives it up first.
            parked = {**document, "guid": f"renaming-{document['guid']}"}
            changes = [
                Change("document", old_id, document, parked),
                change_to(self._db, "document", {**document, "id": new_id}),
            ]
            changes += self._moved_rows(old_id, {"document_id": new_id})
            changes += self._current_document_changes(old_id, new_id)
            changes += review_changes(self._db, old_id, self._project.reviews.list(old_id), new_id=new_id)
            changes.append(Change("document", old_id, parked, None))
            coder = self._project.coders.ensure(coder)
            self._project.history.record(coder, "document-rename", changes, detail={"document": old_id, "to": new_id})

    def remove(self, coder: str, document_id: str, *, with_spans: bool = False) -> int:
        """Remove a document (and, when asked, its spans) as one undoable action; the spans removed."""
        with self._project.transaction():
            document = document_state(self._db, document_id)
            spans = int(
                self._db.execute("SELECT count(*) FROM spans WHERE document_id = ?", [document_id]).fetchone()[0]
            )
            if spans and not with_spans:
                raise InputError(
                    f"document {document_id!r} has {spans} span(s); remove them with it by --with-spans, or keep it"
                )
            changes = self._moved_rows(document_id, None)
            changes += self._current_document_changes(document_id, None)
            changes += review_changes(self._db, document_id, [])
            changes.append(Change("document", document_id, document, None))
            coder = self._project.coders.ensure(coder)
            self._project.history.record(
                coder, "document-remove", changes, detail={"document": document_id, "spans": spans}
            )
        return spans

    def _current_document_changes(self, document_id: str, new_id: str | None) -> list[Change]:
        """Changes pointing the coders who were last on the document at `new_id` (None: nowhere)."""
        changes = []
        for (name,) in self._db.execute("SELECT name FROM coders WHERE current_document = ?", [document_id]).fetchall():
            before = read_state(self._db, "coder", name)
            assert before is not None
            changes.append(Change("coder", name, before, {**before, "current_document": new_id}))
        return changes

    def _moved_rows(self, document_id: str, update: dict[str, Any] | None) -> list[Change]:
        """Changes moving (update given) or deleting (None) the document's spans, passages, memos and done marks."""
        changes: list[Change] = []
        for entity, sql in (
            ("span", "SELECT id FROM spans WHERE document_id = ?"),
            ("passage", "SELECT id FROM passages WHERE document_id = ?"),
            ("memo", "SELECT id FROM memos WHERE document_id = ?"),  # document and grid memos
        ):
            for (key,) in self._db.execute(sql, [document_id]).fetchall():
                before = read_state(self._db, entity, str(key))
                assert before is not None
                after = None if update is None else {**before, **update}
                changes.append(Change(entity, str(key), before, after))
        for (name,) in self._db.execute("SELECT coder FROM progress WHERE document_id = ?", [document_id]).fetchall():
            key = json.dumps([name, document_id], ensure_ascii=False)
            before = read_state(self._db, "progress", key)
            assert before is not None
            changes.append(Change("progress", key, before, None))
            if update is not None:
                changes.append(change_to(self._db, "progress", {**before, **update}))
        return changes
