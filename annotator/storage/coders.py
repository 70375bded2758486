"""Coders and their progress: who codes, which testimony each is on, which are done."""

from __future__ import annotations

import json
from collections.abc import Iterable

from annotator.domain.errors import InputError
from annotator.storage.actions import Action, ActionStore
from annotator.storage.database import now
from annotator.storage.entities import change_to

REFERENCE_CODERS = "reference_coders"
# The bundled corpus's own coding, in projects made before reference codings were recorded.
BUNDLED_REFERENCE = "report"


class CoderStore(ActionStore):
    """The coders table and each coder's per-document progress."""

    def coders(self) -> list[str]:
        """Every registered coder, by name."""
        return [row[0] for row in self.db.execute("SELECT name FROM coders ORDER BY name")]

    def coders_with_spans(self) -> list[str]:
        """Coders who have at least one span, by name."""
        return [row[0] for row in self.db.execute("SELECT DISTINCT coder FROM span_totals_by_code ORDER BY coder")]

    def coder_guids(self) -> dict[str, str]:
        """The stable GUID of every coder (REFI-QDA users need one)."""
        return dict(self.db.execute("SELECT name, guid FROM coders").fetchall())

    def current_document(self, coder: str) -> str | None:
        """The document the coder was last on, if any."""
        row = self.db.execute("SELECT current_document FROM coders WHERE name = ?", [coder]).fetchone()
        return row[0] if row else None

    def set_current_document(self, coder: str, document_id: str) -> None:
        """Remember the document the coder is on, so the next session opens there."""
        with self.transaction():
            coder = self.ensure_coder(coder)
            self.db.execute("UPDATE coders SET current_document = ? WHERE name = ?", [document_id, coder])

    def set_done(self, coder: str, document_id: str, done: bool = True) -> Action:
        """Mark (or unmark) a document as done by a coder: an action, undone with ctrl+z like coding."""
        with self.transaction():
            self.require_document(document_id)
            coder = self.ensure_coder(coder)
            row = {"coder": coder, "document_id": document_id, "done": int(done), "updated_at": now()}
            change = change_to(self.db, "progress", row)
            return self.record(coder, "done" if done else "undone", [change], detail={"document": document_id})

    def done_documents(self, coder: str) -> set[str]:
        """Documents the coder marked done."""
        rows = self.db.execute("SELECT document_id FROM progress WHERE coder = ? AND done = 1", [coder])
        return {row[0] for row in rows}

    def span_counts_by_document(self, coder: str) -> dict[str, int]:
        """How many spans the coder has in each document (documents without spans are absent)."""
        rows = self.db.execute("SELECT document_id, spans FROM span_totals_by_document WHERE coder = ?", [coder])
        return dict(rows.fetchall())

    def span_counts_by_coder(self) -> dict[str, dict[str, int]]:
        """Every coder with spans: their span count in each document (read from the span totals)."""
        counts: dict[str, dict[str, int]] = {}
        for coder, document_id, spans in self.db.execute(
            "SELECT coder, document_id, spans FROM span_totals_by_document"
        ):
            counts.setdefault(coder, {})[document_id] = spans
        return counts

    def span_counts_in(self, document_id: str) -> dict[str, int]:
        """How many spans each coder has in one document."""
        rows = self.db.execute("SELECT coder, spans FROM span_totals_by_document WHERE document_id = ?", [document_id])
        return dict(rows.fetchall())

    def reference_coders(self) -> set[str]:
        """Coders whose spans are a reference coding (a corpus's own, or imported with --reference),
        not a person coding: never compared with by default."""
        stored = self.meta(REFERENCE_CODERS)
        if stored is None:
            return {BUNDLED_REFERENCE} & set(self.coders())
        return set(json.loads(stored))

    def mark_reference(self, coders: Iterable[str]) -> None:
        """Record coders as reference codings (in the caller's transaction, with the import)."""
        marked = sorted(set(json.loads(self.meta(REFERENCE_CODERS) or "[]")) | set(coders))
        self.set_meta(REFERENCE_CODERS, json.dumps(marked, ensure_ascii=False))

    def validate_coder(self, name: str) -> None:
        """InputError when no such coder exists."""
        if self.db.execute("SELECT 1 FROM coders WHERE name = ?", [name]).fetchone() is None:
            raise InputError(f"no coder {name!r} in the project (coders: {', '.join(self.coders()) or 'none'})")
