"""Documents and their passages: add (all-or-nothing), list, read."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import Document, Passage, content_hash
from annotator.domain.names import ATTRIBUTE_NAME, DOCUMENT_ID, ROLE, SPEAKER, require_name
from annotator.storage.base import Store
from annotator.storage.database import now
from annotator.storage.rows import DOCUMENT_COLUMNS, document_from_row, passage_from_row


@dataclass(frozen=True)
class DocumentSummary:
    """What a list of documents shows, without the text: id, title, attributes, length in code points."""

    id: str
    title: str
    attributes: dict[str, Any]
    length: int


class DocumentStore(Store):
    """The documents table and the passages that belong to each document."""

    def add_documents(self, documents: Iterable[Document], passages: Iterable[Passage] = ()) -> int:
        """Add new documents (and their passages) in one transaction; an existing id is an error."""
        documents = list(documents)
        passages = list(passages)
        existing = set(self.document_ids())
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
        position = self._next_position("documents")
        stamp = now()
        with self.transaction():
            self.db.conn.executemany(
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
            self.db.conn.executemany(
                "INSERT INTO passages (document_id, start_offset, end_offset, section, attributes) VALUES (?, ?, ?, ?, ?)",
                [
                    (p.document_id, p.start, p.end, p.section, json.dumps(p.attributes, ensure_ascii=False))
                    for p in passages
                ],
            )
        return len(documents)

    def document_ids(self) -> list[str]:
        """Document ids in project order."""
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY position")]

    def documents(self) -> list[Document]:
        """Every document, in project order."""
        cursor = self.db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY position")
        return [document_from_row(row) for row in cursor]

    def document_summaries(self) -> list[DocumentSummary]:
        """Every document's id, title, attributes and length, in project order, without reading
        texts into objects (a list of 10,000 testimonies costs what the list shows)."""
        cursor = self.db.execute("SELECT id, title, attributes, length(text) FROM documents ORDER BY position")
        return [
            # Most documents have no attributes: no JSON parse for those (10,000 parses cost ~30 ms).
            DocumentSummary(doc_id, title, json.loads(attributes) if attributes != "{}" else {}, length)
            for doc_id, title, attributes, length in cursor
        ]

    def document(self, document_id: str) -> Document:
        """One document; InputError naming it when it does not exist."""
        row = self.db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise InputError(f"no document {document_id!r} in the project")
        return document_from_row(row)

    def document_hashes(self) -> dict[str, str]:
        """Content hash of every document, by id."""
        return dict(self.db.execute("SELECT id, content_hash FROM documents").fetchall())

    def document_lengths(self) -> dict[str, int]:
        """Length in code points of every document, by id (SQLite's length() counts characters)."""
        return dict(self.db.execute("SELECT id, length(text) FROM documents ORDER BY position").fetchall())

    def document_guids(self) -> dict[str, str]:
        """The stable GUID of every document, by id (REFI-QDA sources need one)."""
        return dict(self.db.execute("SELECT id, guid FROM documents").fetchall())

    def passages(self, document_id: str | None = None) -> list[Passage]:
        """Passages of one document, or of all, in document and offset order."""
        sql = "SELECT p.document_id, p.start_offset, p.end_offset, p.section, p.attributes FROM passages p"
        sql += " JOIN documents d ON d.id = p.document_id"
        params: list[str] = []
        if document_id is not None:
            sql += " WHERE p.document_id = ?"
            params.append(document_id)
        sql += " ORDER BY d.position, p.start_offset"
        return [passage_from_row(row) for row in self.db.execute(sql, params)]
