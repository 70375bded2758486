"""Coders and their progress: who codes, which testimony each is on, which are done."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping

from annotator.domain.errors import InputError
from annotator.storage.actions import Action
from annotator.storage.base import ProjectStore, check_coder_name
from annotator.storage.database import now
from annotator.storage.entities import change_to

REFERENCE_CODERS = "reference_coders"
# The bundled corpus's own coding, in projects made before reference codings were recorded.
BUNDLED_REFERENCE = "report"


class CoderStore(ProjectStore):
    """The coders table and each coder's per-document progress."""

    def all(self) -> list[str]:
        """Every registered coder, by name."""
        return [row[0] for row in self._db.execute("SELECT name FROM coders ORDER BY name")]

    def with_spans(self) -> list[str]:
        """Coders who have at least one span, by name."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT coder FROM span_totals_by_code ORDER BY coder")]

    def guids(self) -> dict[str, str]:
        """The stable GUID of every coder (REFI-QDA users need one)."""
        return dict(self._db.execute("SELECT name, guid FROM coders").fetchall())

    def ensure(self, name: str) -> str:
        """Register a coder if new; return the checked name."""
        name = check_coder_name(name)
        self._db.execute(
            "INSERT OR IGNORE INTO coders (name, guid, created_at) VALUES (?, ?, ?)",
            [name, str(uuid.uuid4()).upper(), now()],
        )
        return name

    def add(self, coders: Mapping[str, str]) -> list[str]:
        """Register coders by name with the GUID given (a REFI-QDA user's, a packet's); existing names are kept.

        Returns the names that were new. A GUID already held by another coder is replaced by a fresh
        one rather than failing, since GUIDs only serve to name users in exchange files.
        """
        existing = set(self.all())
        taken = set(self.guids().values())
        added = []
        for name, guid in coders.items():
            name = check_coder_name(name)
            if name in existing:
                continue
            if guid in taken:
                self.ensure(name)
            else:
                self._db.execute("INSERT INTO coders (name, guid, created_at) VALUES (?, ?, ?)", [name, guid, now()])
                taken.add(guid)
            existing.add(name)
            added.append(name)
        return added

    def current_document(self, coder: str) -> str | None:
        """The document the coder was last on, if any."""
        row = self._db.execute("SELECT current_document FROM coders WHERE name = ?", [coder]).fetchone()
        return row[0] if row else None

    def set_current_document(self, coder: str, document_id: str) -> None:
        """Remember the document the coder is on, so the next session opens there."""
        with self._project.transaction():
            coder = self.ensure(coder)
            self._db.execute("UPDATE coders SET current_document = ? WHERE name = ?", [document_id, coder])

    def set_done(self, coder: str, document_id: str, done: bool = True) -> Action:
        """Mark (or unmark) a document as done by a coder: an action, undone with ctrl+z like coding."""
        with self._project.transaction():
            self._project.documents.require(document_id)
            coder = self.ensure(coder)
            row = {"coder": coder, "document_id": document_id, "done": int(done), "updated_at": now()}
            change = change_to(self._db, "progress", row)
            return self._project.history.record(
                coder, "done" if done else "undone", [change], detail={"document": document_id}
            )

    def done_documents(self, coder: str) -> set[str]:
        """Documents the coder marked done."""
        rows = self._db.execute("SELECT document_id FROM progress WHERE coder = ? AND done = 1", [coder])
        return {row[0] for row in rows}

    def progress(self) -> dict[tuple[str, str], tuple[int, str]]:
        """Every (coder, document) done mark with its time."""
        rows = self._db.execute("SELECT coder, document_id, done, updated_at FROM progress").fetchall()
        return {(coder, document): (int(done), stamp) for coder, document, done, stamp in rows}

    def references(self) -> set[str]:
        """Coders whose spans are a reference coding (a corpus's own, or imported with --reference),
        not a person coding: never compared with by default."""
        stored = self._project.meta(REFERENCE_CODERS)
        if stored is None:
            return {BUNDLED_REFERENCE} & set(self.all())
        return set(json.loads(stored))

    def mark_reference(self, coders: Iterable[str]) -> None:
        """Record coders as reference codings (in the caller's transaction, with the import)."""
        marked = sorted(set(json.loads(self._project.meta(REFERENCE_CODERS) or "[]")) | set(coders))
        self._project.set_meta(REFERENCE_CODERS, json.dumps(marked, ensure_ascii=False))

    def validate(self, name: str) -> None:
        """InputError when no such coder exists."""
        if self._db.execute("SELECT 1 FROM coders WHERE name = ?", [name]).fetchone() is None:
            raise InputError(f"no coder {name!r} in the project (coders: {', '.join(self.all()) or 'none'})")
