"""Speakers of transcript turns (passages of kind `turn`): list them, rename them, give them a role, undoably."""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.domain.errors import InputError
from annotator.domain.names import ROLE, SPEAKER, check_name
from annotator.storage.actions import Action
from annotator.storage.base import ProjectStore
from annotator.storage.entities import Change, read_state

TURN_FILTER = "json_extract(p.attributes, '$.kind') = 'turn'"
RENAME_KIND = "speaker-rename"
ROLE_KIND = "speaker-role"


@dataclass(frozen=True)
class SpeakerSummary:
    """One speaker of one document: their role (or ''), how many turns and words are theirs."""

    document_id: str
    speaker: str
    role: str
    turns: int
    words: int


class SpeakerStore(ProjectStore):
    """The speaker and role of each turn, kept in the turn passage's attributes."""

    def has_turns(self) -> bool:
        """Whether any document of the project is a transcript with speaker turns."""
        return self._db.execute(f"SELECT 1 FROM passages p WHERE {TURN_FILTER} LIMIT 1").fetchone() is not None

    def summaries(self, document_id: str | None = None) -> list[SpeakerSummary]:
        """Speakers of each document (project order, then first turn), with turn and word counts."""
        if document_id is not None:
            self._project.documents.require(document_id)
        # Each document's text is read once and its turns sliced in Python: SQLite's substr() walks
        # the UTF-8 text from its start on every call, which made this quadratic in turns.
        sql = (
            "SELECT p.document_id, p.attributes, p.start_offset, p.end_offset"
            f" FROM passages p JOIN documents d ON d.id = p.document_id WHERE {TURN_FILTER}"
        )
        params: list[str] = []
        if document_id is not None:
            sql += " AND p.document_id = ?"
            params.append(document_id)
        sql += " ORDER BY d.position, d.id, p.start_offset"
        found: dict[tuple[str, str], list[int | str]] = {}
        text_of, text = "", ""
        for doc_id, attributes, start, end in self._db.execute(sql, params).fetchall():
            if doc_id != text_of:  # turns come document by document: one text in memory at a time
                text_of = doc_id
                text = self._db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
            attrs = json.loads(attributes)
            entry = found.setdefault((doc_id, attrs.get("speaker", "")), [attrs.get("role", ""), 0, 0])
            entry[1] = int(entry[1]) + 1
            entry[2] = int(entry[2]) + len(text[start:end].split())
        return [
            SpeakerSummary(doc, speaker, str(role), int(turns), int(words))
            for (doc, speaker), (role, turns, words) in found.items()
        ]

    def rename(self, old: str, new: str, *, coder: str, document_id: str | None = None) -> Action:
        """Rename a speaker on every turn of theirs (in one document, or all), as one undoable action."""
        new = check_name(SPEAKER, new)
        return self._change_turns(old, coder, document_id, RENAME_KIND, {"speaker": new}, {"old": old, "new": new})

    def set_role(self, speaker: str, role: str, *, coder: str, document_id: str | None = None) -> Action:
        """Give a speaker a role (interviewer, participant, any value; '' clears it) on every turn, undoably."""
        role = check_name(ROLE, role) if role.strip() else ""
        return self._change_turns(
            speaker, coder, document_id, ROLE_KIND, {"role": role}, {"speaker": speaker, "role": role}
        )

    def _change_turns(
        self,
        speaker: str,
        coder: str,
        document_id: str | None,
        kind: str,
        update: dict[str, str],
        detail: dict[str, str],
    ) -> Action:
        with self._project.transaction():
            if document_id is not None:
                self._project.documents.require(document_id)
            # '' names the turns without a speaker (a cue with no voice), as `speakers` lists them.
            sql = (
                f"SELECT p.id FROM passages p WHERE {TURN_FILTER}"
                " AND coalesce(json_extract(p.attributes, '$.speaker'), '') = ?"
            )
            params = [speaker]
            if document_id is not None:
                sql += " AND p.document_id = ?"
                params.append(document_id)
            rows = self._db.execute(sql, params).fetchall()
            if not rows:
                where = f" in document {document_id!r}" if document_id else ""
                raise InputError(f"no turn of speaker {speaker!r}{where}; `annotator speakers` lists them")
            self._project.coders.ensure(coder)
            changes: list[Change] = []
            for (passage_id,) in rows:
                before = read_state(self._db, "passage", str(passage_id))
                assert before is not None
                attrs = {
                    key: value for key, value in {**json.loads(before["attributes"]), **update}.items() if value != ""
                }
                after = {**before, "attributes": json.dumps(attrs, ensure_ascii=False)}
                changes.append(Change("passage", str(passage_id), before, after))
            return self._project.history.record(coder, kind, changes, detail={**detail, "document": document_id or ""})
