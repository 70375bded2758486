"""The pseudonym register (`project.pseudonyms`): identifiers and detection's candidates; every change undoable."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.pseudonyms import (
    GENERALISABLE,
    Candidate,
    Identifier,
    automatic_pseudonym,
    check_entry,
    check_form,
    check_kind,
    fold,
)
from annotator.storage.base import ConflictError, ProjectStore
from annotator.storage.database import now
from annotator.storage.entities import Change, State, read_state
from annotator.storage.row_labels import changed_by

ENTRY = "pseudonym"
CANDIDATE = "pseudonym_candidate"
# Detection's candidates stored: logged (who proposed what, when), not undone (docs/pseudonyms.md).
PROPOSE_KIND = "pseudonym-propose"
_COLUMNS = "id, kind, original, variants, replacement, method, coder, created_at"
_CANDIDATE_FIELDS = ("id", "document_id", "start_offset", "end_offset", "text", "source", "status", "entry", "field")
_CANDIDATE_COLUMNS = ", ".join(_CANDIDATE_FIELDS)
# The kind a candidate accepted as a new entry gets unless the reviewer says otherwise.
SOURCE_KINDS = {"date": "date", "id-number": "id", "email": "id", "phone": "id", "url": "id"}
_AUTOMATIC = re.compile(r"\[\w+ (\d+)\]")


def _identifier(state: State) -> Identifier:
    return Identifier(
        id=state["id"],
        kind=state["kind"],
        original=state["original"],
        variants=tuple(json.loads(state["variants"])),
        replacement=state["replacement"],
        method=state["method"],
        coder=state["coder"],
        created_at=state["created_at"],
    )


def _state(entry: Identifier) -> State:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "original": entry.original,
        "variants": json.dumps(list(entry.variants), ensure_ascii=False),
        "replacement": entry.replacement,
        "method": entry.method,
        "coder": entry.coder,
        "created_at": entry.created_at,
    }


def _candidate(row: Sequence[Any]) -> Candidate:
    number, document_id, start, end, text, source, status, entry, field = row
    return Candidate(document_id, start, end, text, source, number, status, entry, field)


class PseudonymStore(ProjectStore):
    """The pseudonyms and pseudonym_candidates tables."""

    def all(self) -> list[Identifier]:
        """Every register entry, by id."""
        cursor = self._db.execute(f"SELECT {_COLUMNS} FROM pseudonyms ORDER BY id")
        names = [column[0] for column in cursor.description]
        return [_identifier(dict(zip(names, row))) for row in cursor.fetchall()]

    def get(self, entry_id: int) -> Identifier:
        """One register entry; InputError when there is none of that id."""
        state = read_state(self._db, ENTRY, str(entry_id))
        if state is None:
            raise InputError(f"no register entry {entry_id}; `annotator pseudonyms list` lists them")
        return _identifier(state)

    def add(
        self,
        coder: str,
        original: str,
        *,
        variants: Sequence[str] = (),
        kind: str = "other",
        pseudonym: str | None = None,
        generalisation: str | None = None,
    ) -> Identifier:
        """Add an identifier as one undoable action (`pseudonym-add`); InputError, nothing written, when
        it is empty, overlaps another entry, or its replacement is itself an original or variant."""
        with self._project.transaction():
            entry = self._new_entry(coder, original, variants, kind, pseudonym, generalisation)
            self._record(coder, "pseudonym-add", [Change(ENTRY, str(entry.id), None, _state(entry))], entry)
            return entry

    def _new_entry(
        self,
        coder: str,
        original: str,
        variants: Sequence[str],
        kind: str,
        pseudonym: str | None,
        generalisation: str | None,
    ) -> Identifier:
        """The checked entry `add` would write (read inside the caller's write transaction)."""
        others = self.all()
        number = max((entry.id for entry in others), default=0) + 1
        replacement, method = self._replacement(others, check_kind(kind), pseudonym, generalisation)
        entry = Identifier(
            id=number,
            kind=kind,
            original=check_form(original, "the original"),
            variants=tuple(check_form(variant, "a variant") for variant in variants),
            replacement=replacement,
            method=method,
            coder=coder,
            created_at=now(),
        )
        check_entry(entry, others)
        return entry

    @staticmethod
    def _replacement(
        others: Sequence[Identifier], kind: str, pseudonym: str | None, generalisation: str | None
    ) -> tuple[str, str]:
        """(replacement, method): the researcher's pseudonym or generalisation, else the next `[Town N]`."""
        if pseudonym is not None and generalisation is not None:
            raise InputError("give a pseudonym or a generalisation, not both; nothing was written")
        if generalisation is not None:
            if kind not in GENERALISABLE:
                raise InputError(
                    f"a {kind} cannot be generalised (only {', '.join(GENERALISABLE)}); give a pseudonym with --as, "
                    "or leave the automatic one; nothing was written"
                )
            return check_form(generalisation, "the generalisation"), "generalisation"
        if pseudonym is not None:
            return check_form(pseudonym, "the pseudonym"), "pseudonym"
        used = [
            int(match[1])
            for entry in others
            if entry.kind == kind and entry.method == "automatic" and (match := _AUTOMATIC.fullmatch(entry.replacement))
        ]
        return automatic_pseudonym(kind, max(used, default=0) + 1), "automatic"

    def edit(
        self,
        coder: str,
        entry_id: int,
        *,
        original: str | None = None,
        add_variants: Sequence[str] = (),
        drop_variants: Sequence[str] = (),
        kind: str | None = None,
        pseudonym: str | None = None,
        generalisation: str | None = None,
    ) -> Identifier:
        """Change an entry as one undoable action (`pseudonym-edit`), checked as `add` checks a new one."""
        with self._project.transaction():
            before = self.get(entry_id)
            others = [entry for entry in self.all() if entry.id != entry_id]
            variants = [variant for variant in before.variants if variant not in drop_variants]
            missing = [variant for variant in drop_variants if variant not in before.variants]
            if missing:
                raise InputError(f"{before.label} has no such variant; nothing was written")
            new_kind = check_kind(kind) if kind is not None else before.kind
            if pseudonym is None and generalisation is None and new_kind == before.kind:
                replacement, method = before.replacement, before.method
            else:
                replacement, method = self._replacement(others, new_kind, pseudonym, generalisation)
            after = Identifier(
                id=before.id,
                kind=new_kind,
                original=check_form(original, "the original") if original is not None else before.original,
                variants=(*variants, *(check_form(variant, "a variant") for variant in add_variants)),
                replacement=replacement,
                method=method,
                coder=before.coder,
                created_at=before.created_at,
            )
            check_entry(after, others)
            self._record(coder, "pseudonym-edit", [Change(ENTRY, str(entry_id), _state(before), _state(after))], after)
            return after

    def remove(self, coder: str, entry_id: int) -> Identifier:
        """Remove an entry as one undoable action (`pseudonym-remove`); `annotator undo` brings it back."""
        with self._project.transaction():
            before = self.get(entry_id)
            self._record(coder, "pseudonym-remove", [Change(ENTRY, str(entry_id), _state(before), None)], before)
            return before

    def _record(self, coder: str, kind: str, changes: list[Change], entry: Identifier) -> None:
        self._project.coders.ensure(coder)
        # The detail names the entry by id and kind only: the log is read by `annotator log`, never testimony.
        self._project.history.record(coder, kind, changes, detail={"entry": entry.id, "kind": entry.kind})

    def propose(self, coder: str, find: Callable[[list[Identifier]], Sequence[Candidate]]) -> tuple[int, int]:
        """Run detection (`find`, given the register) inside one write transaction, so the candidates
        fit the texts and the register as they are when they are written (the write rule), and store
        the new ones as unreviewed: one logged action `pseudonym-propose`, an event per candidate (the
        audit trail names who proposed what; like an import it is not undone: a reviewer rejects).
        A candidate already stored (same document, field, offsets and source, whatever its status) is
        skipped. Returns (found, new)."""
        with self._project.transaction():
            found = find(self.all())
            stored = self._db.execute(
                "SELECT document_id, start_offset, end_offset, source, field FROM pseudonym_candidates"
            ).fetchall()
            known = {tuple(row) for row in stored}
            number = self._db.execute("SELECT coalesce(max(id), 0) FROM pseudonym_candidates").fetchone()[0]
            stamp, changes = now(), []
            for candidate in found:
                key = (candidate.document_id, candidate.start, candidate.end, candidate.source, candidate.field)
                if key in known:
                    continue
                known.add(key)
                number += 1
                state = {
                    **dict(zip(_CANDIDATE_FIELDS, (number, *key[:3], candidate.text, candidate.source))),
                    "status": "unreviewed",
                    "entry": None,
                    "field": candidate.field,
                    "created_at": stamp,
                }
                changes.append(Change(CANDIDATE, str(number), None, state))
            if changes:
                self._project.coders.ensure(coder)
                self._project.history.record(coder, PROPOSE_KIND, changes, detail={"candidates": len(changes)})
            return len(found), len(changes)

    def candidates(self, *, status: str | None = None, document_id: str | None = None) -> list[Candidate]:
        """The stored candidates (of one status, of one document), in document and text order."""
        sql = f"SELECT {_CANDIDATE_COLUMNS} FROM pseudonym_candidates WHERE 1 = 1"
        values: list[Any] = []
        if status is not None:
            sql += " AND status = ?"
            values.append(status)
        if document_id is not None:
            sql += " AND document_id = ?"
            values.append(document_id)
        rows = self._db.execute(sql + " ORDER BY document_id, start_offset, id", values).fetchall()
        return [_candidate(row) for row in rows]

    def review(
        self,
        coder: str,
        candidate_id: int,
        decision: str,
        *,
        kind: str | None = None,
        entry_id: int | None = None,
        expected_status: str | None = None,
    ) -> list[Candidate]:
        """Decide a candidate, and every other unreviewed one of the same words (case and diacritics
        folded), as one undoable action (`pseudonym-review`): `accept` adds the words as a new entry of
        `kind` (by default what the candidate's source says: a date, an id, else other), `variant`
        adds them to entry `entry_id` (a close spelling's entry by default), `reject` only marks them.
        Returns the candidates decided. With `expected_status` (what a screen showed), ConflictError naming
        who decided it when the candidate is no longer in that state: nothing is written."""
        with self._project.transaction():
            first = read_state(self._db, CANDIDATE, str(candidate_id))
            if first is None:
                raise InputError(f"no pseudonym candidate {candidate_id}; `annotator pseudonyms detect` lists them")
            if expected_status is not None and first["status"] != expected_status:
                raise ConflictError(
                    f"{changed_by(self._db, CANDIDATE, str(candidate_id))} meanwhile; nothing was written"
                )
            words = fold(first["text"])
            alike = [
                state
                for candidate in self.candidates(status="unreviewed")
                if candidate.id != candidate_id
                and fold(candidate.text) == words
                and (state := read_state(self._db, CANDIDATE, str(candidate.id))) is not None
            ]
            changes, status, into = self._decision(coder, first, decision, kind, entry_id)
            decided = []
            for before in (first, *alike):
                after = {**before, "status": status, "entry": into}
                changes.append(Change(CANDIDATE, str(before["id"]), before, after))
                decided.append(_candidate([after[name] for name in _CANDIDATE_FIELDS]))
            self._project.coders.ensure(coder)
            self._project.history.record(
                coder, "pseudonym-review", changes, detail={"candidate": candidate_id, "decision": decision}
            )
            return decided

    def _decision(
        self, coder: str, candidate: State, decision: str, kind: str | None, entry_id: int | None
    ) -> tuple[list[Change], str, int | None]:
        """The register change a decision makes, the candidates' new status and the entry they went into."""
        source = candidate["source"]
        if decision == "accept":
            entry = self._new_entry(coder, candidate["text"], (), kind or SOURCE_KINDS.get(source, "other"), None, None)
            return [Change(ENTRY, str(entry.id), None, _state(entry))], "accepted", entry.id
        if decision == "variant":
            if entry_id is None and source.startswith("fuzzy:"):
                entry_id = int(source.removeprefix("fuzzy:"))
            if entry_id is None:
                raise InputError("a variant of which register entry? give --entry ID; nothing was written")
            target = self.get(entry_id)
            others = [entry for entry in self.all() if entry.id != entry_id]
            grown = replace(target, variants=(*target.variants, check_form(candidate["text"], "the candidate")))
            check_entry(grown, others)
            return [Change(ENTRY, str(entry_id), _state(target), _state(grown))], "variant", entry_id
        if decision == "reject":
            return [], "rejected", None
        raise InputError(f"unknown decision {decision!r}; accept, variant or reject")
