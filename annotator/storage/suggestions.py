"""Code suggestions per coder, and the actions on them: accepting one adds a span, rejecting one is remembered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.domain.suggestions import Suggestion
from annotator.storage.actions import Action
from annotator.storage.base import ProjectStore, check_coder_name
from annotator.storage.database import now
from annotator.storage.entities import SUGGESTION_REJECTION as REJECTION
from annotator.storage.entities import Change, read_state, table
from annotator.storage.spans import new_span_ids

# Accepting is coding: an `add` like any other (packets carry it), its detail says where it came from.
ACCEPT_KIND = "add"
REJECT_KIND = "suggestion-reject"
# The texts of an accepted suggestion's event detail that say where its span came from, and how long each may be.
PROVENANCE_TEXTS = ("suggestion", "suggester", "unit", "suggested_code")
MAX_PROVENANCE = 100

_COLUMNS = "id, document_id, start_offset, end_offset, code_id, score, why, unit, suggester"
# Still open: not rejected by the coder, and the unit not already coded with the code by them.
_OPEN = """
    NOT EXISTS (SELECT 1 FROM suggestion_rejections r WHERE r.coder = g.coder AND r.document_id = g.document_id
        AND r.start_offset = g.start_offset AND r.end_offset = g.end_offset AND r.code_id = g.code_id)
    AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.coder = g.coder AND s.document_id = g.document_id
        AND s.code_id = g.code_id AND s.start_offset < g.end_offset AND s.end_offset > g.start_offset)
"""


def _suggestion(row: Sequence[Any]) -> Suggestion:
    return Suggestion(
        str(row[0]), str(row[1]), int(row[2]), int(row[3]), str(row[4]), float(row[5]), *map(str, row[6:9])
    )


def accepted_provenance(detail: Mapping[str, Any]) -> dict[str, Any]:
    """From an event detail read from a packet (hostile), what says its span came from a suggestion:
    the suggestion, suggester version, unit, suggested code (short texts) and score (0..1), each checked;
    nothing when it names no suggestion. A merge keeps these in the span's event here."""
    found: dict[str, Any] = {
        key: value
        for key in PROVENANCE_TEXTS
        if isinstance(value := detail.get(key), str) and 0 < len(value) <= MAX_PROVENANCE
    }
    if "suggestion" not in found:
        return {}
    score = detail.get("score")
    if isinstance(score, int | float) and not isinstance(score, bool) and 0 <= score <= 1:
        found["score"] = score
    return found


class SuggestionStore(ProjectStore):
    """The suggestions table (derived: remade at will, no events) and the coders' rejections (actions)."""

    def replace_for(self, coder: str, document_id: str, suggestions: Sequence[Suggestion]) -> None:
        """Make `suggestions` the coder's suggestions for one document (not an action: they are
        derived from the codebook and the coding, like an index, and never undone)."""
        coder = check_coder_name(coder)
        stamp = now()
        with self._project.transaction():
            self._db.execute("DELETE FROM suggestions WHERE coder = ? AND document_id = ?", [coder, document_id])
            self._db.conn.executemany(
                "INSERT OR REPLACE INTO suggestions (id, coder, document_id, start_offset, end_offset, code_id,"
                " score, why, unit, suggester, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (s.id, coder, document_id, s.start, s.end, s.code_id, s.score, s.why, s.unit, s.suggester, stamp)
                    for s in suggestions
                ],
            )

    def of(self, coder: str, document_id: str) -> list[Suggestion]:
        """The coder's open suggestions in a document (neither rejected nor already coded), in text order."""
        cursor = self._db.execute(
            f"SELECT {_COLUMNS} FROM suggestions g WHERE g.coder = ? AND g.document_id = ? AND {_OPEN}"
            " ORDER BY start_offset, end_offset, score DESC, code_id",
            [coder, document_id],
        )
        return [_suggestion(row) for row in cursor]

    def find(self, suggestion_id: str) -> Suggestion | None:
        """One suggestion by id (open or not), or None."""
        row = self._db.execute(f"SELECT {_COLUMNS} FROM suggestions WHERE id = ?", [suggestion_id]).fetchone()
        return _suggestion(row) if row is not None else None

    def get(self, suggestion_id: str) -> Suggestion:
        """One suggestion by id (open or not); InputError when there is none."""
        found = self.find(suggestion_id)
        if found is None:
            raise InputError(f"no suggestion {suggestion_id!r}; `annotator suggest` lists them")
        return found

    def accept(self, coder: str, suggestion_id: str, code_id: str | None = None) -> Action:
        """Code the suggested unit as one undoable action of the coder, with the suggested code or
        `code_id`; its event detail names the suggestion, suggester version and score. Accepting
        with another code also rejects the suggested one, in the same action."""
        with self._project.transaction():
            suggestion = self._open(coder, suggestion_id)
            chosen = code_id or suggestion.code_id
            stamp = now()
            span = Span(
                new_span_ids(1)[0],
                suggestion.document_id,
                chosen,
                coder,
                suggestion.start,
                suggestion.end,
                "",
                "",
                stamp,
                stamp,
            )
            detail: dict[str, Any] = {
                "suggestion": suggestion.id,
                "suggester": suggestion.suggester,
                "score": round(suggestion.score, 4),
                "unit": suggestion.unit,
            }
            others: list[Change] = []
            if chosen != suggestion.code_id:
                detail["suggested_code"] = suggestion.code_id
                others.append(self._rejection(coder, suggestion, stamp))
            return self._project.spans.apply_changes(coder, ACCEPT_KIND, [(None, span)], detail=detail, others=others)

    def reject(self, coder: str, suggestion_id: str) -> Action:
        """Remember, as one undoable action, that the coder does not want this code on this unit:
        it is never proposed to them again (and is a negative example for their suggester)."""
        with self._project.transaction():
            suggestion = self._open(coder, suggestion_id)
            self._project.coders.ensure(coder)
            detail = {"suggestion": suggestion.id, "suggester": suggestion.suggester}
            return self._project.history.record(
                coder, REJECT_KIND, [self._rejection(coder, suggestion, now())], detail=detail
            )

    def rejected(self, coder: str) -> set[tuple[str, int, int, str]]:
        """Every (document, start, end, code) the coder rejected."""
        rows = self._db.execute(
            "SELECT document_id, start_offset, end_offset, code_id FROM suggestion_rejections WHERE coder = ?", [coder]
        )
        return {(str(d), int(s), int(e), str(c)) for d, s, e, c in rows}

    def _open(self, coder: str, suggestion_id: str) -> Suggestion:
        """The suggestion, read inside the caller's write, refused unless it is the coder's and still open."""
        coder = check_coder_name(coder)
        row = self._db.execute(
            f"SELECT {_COLUMNS}, coder, {_OPEN} FROM suggestions g WHERE id = ?", [suggestion_id]
        ).fetchone()
        if row is None:
            raise InputError(f"no suggestion {suggestion_id!r}; `annotator suggest` lists them")
        if row[9] != coder:
            raise InputError(f"suggestion {suggestion_id} was made for coder {row[9]!r}, not {coder!r}")
        if not row[10]:
            raise InputError(f"suggestion {suggestion_id} was rejected or its unit is coded with its code already")
        return _suggestion(row)

    def _rejection(self, coder: str, suggestion: Suggestion, stamp: str) -> Change:
        after = {
            "coder": coder,
            "document_id": suggestion.document_id,
            "start_offset": suggestion.start,
            "end_offset": suggestion.end,
            "code_id": suggestion.code_id,
            "suggester": suggestion.suggester,
            "score": suggestion.score,
            "created_at": stamp,
        }
        key = table(REJECTION).key_of(after)
        return Change(REJECTION, key, read_state(self._db, REJECTION, key), after)
