"""Codes: load a codebook, add in-vivo codes while coding, read the codebook back, change it
(edit, move, merge, split, delete, recode), each change one undoable action."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import Code, Codebook, free_code_id, is_code_id
from annotator.domain.names import CODE_NAME, check_name, require_name
from annotator.storage.actions import Action
from annotator.storage.base import ProjectStore, next_position
from annotator.storage.code_changes import (
    CODE,
    TO_RECODE,
    after_subtree,
    checked_fields,
    code_states,
    descendants,
    merge_span_changes,
    renumbered,
    require_code,
    spans_of_codes,
)
from annotator.storage.database import now
from annotator.storage.entities import SPAN, Change, State, change_to, read_state
from annotator.storage.rows import CODE_COLUMNS, code_from_row

# Colours handed to codes created without one, in turn; readable on dark and light terminals.
IN_VIVO_COLOURS = ("#e377c2", "#17becf", "#bcbd22", "#8c564b", "#9467bd", "#ff7f0e", "#2ca02c", "#1f77b4")
# The fields `edit` changes, as Code names them (the codes table calls them the same).
EDITABLE = ("name", "definition", "include", "exclude", "examples", "colour", "key")


class CodeStore(ProjectStore):
    """The codes table (the codebook is its rows in position order) and the changes to it, each
    checked first and written in one transaction as one action."""

    def add(
        self,
        codes: Iterable[Code],
        origin: str = "codebook",
        *,
        coder: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> list[Code]:
        """Add codes in one transaction, parents before children; an existing id or name is an error.
        With `coder`, the adding is that coder's undoable `code-add` action (with `detail`)."""
        codes = list(codes)
        known = {code.id: code for code in self.all()}
        names = {code.name.casefold(): code.id for code in known.values()}
        keys = {code.key: code.id for code in known.values() if code.key}
        for code in codes:
            # A backstop: codes reach here validated, except those built without validation (merges).
            if not is_code_id(code.id):
                raise InputError(f"code id {code.id!r} is not usable: letters, digits, '-', '_' and '.'")
            require_name(CODE_NAME, code.name, where=f"code {code.id!r}: ")
            if code.id in known:
                raise InputError(f"code {code.id!r} already exists in the project")
            if code.name.casefold() in names:
                raise InputError(f"code name {code.name!r} is already used by code {names[code.name.casefold()]!r}")
            if code.key and code.key in keys:
                raise InputError(f"key {code.key!r} of code {code.id!r} is already used by code {keys[code.key]!r}")
            names[code.name.casefold()] = code.id
            if code.key:
                keys[code.key] = code.id
        adding = {code.id for code in codes}
        for code in codes:
            if code.parent is not None and code.parent not in known and code.parent not in adding:
                raise InputError(f"code {code.id!r} names parent {code.parent!r}, which does not exist")
        position = next_position(self._db, "codes")
        stamp = now()
        with self._project.transaction():
            self._db.conn.executemany(
                "INSERT INTO codes (id, name, parent_id, colour, key, definition, include, exclude, examples, guid,"
                " position, origin, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        code.id,
                        code.name,
                        code.colour,
                        code.key,
                        code.definition,
                        code.include,
                        code.exclude,
                        json.dumps(
                            [example.model_dump(exclude_none=True) for example in code.examples], ensure_ascii=False
                        ),
                        code.guid or str(uuid.uuid4()).upper(),
                        position + index,
                        origin,
                        stamp,
                    )
                    for index, code in enumerate(codes)
                ],
            )
            # Parents are set afterwards so a codebook may list a child before its parent.
            self._db.conn.executemany(
                "UPDATE codes SET parent_id = ? WHERE id = ?",
                [(code.parent, code.id) for code in codes if code.parent is not None],
            )
            if coder is not None:
                # Recorded as an action with the new rows, so ctrl+z removes them again; the rows are
                # taken out and written back by record() itself, which checks each was absent.
                states = [read_state(self._db, CODE, code.id) for code in codes]
                for code in reversed(codes):  # children out first
                    self._db.execute("DELETE FROM codes WHERE id = ?", [code.id])
                changes = [Change(CODE, code.id, None, state) for code, state in zip(codes, states)]
                self._project.history.record(coder, "code-add", changes, detail=detail)
        return self.all()

    def add_codebook(self, codebook: Codebook) -> None:
        """Load a validated codebook into the project and remember its name."""
        with self._project.transaction():
            self.add(codebook.codes)
            self._project.set_meta("codebook_name", codebook.name)
            self._project.set_meta("codebook_version", str(codebook.version))
            if codebook.description:
                self._project.set_meta("codebook_description", codebook.description)

    def create(self, name: str, *, parent: str | None = None, colour: str | None = None, coder: str = "") -> Code:
        """Create an in-vivo code from a name while coding; its id is made from the name."""
        name = check_name(CODE_NAME, name)
        with self._project.transaction():
            # The free id is chosen with the write lock held, so two screens cannot pick the same one.
            existing = {code.id for code in self.all()}
            code_id = free_code_id(name, existing)
            if colour is None:
                colour = IN_VIVO_COLOURS[len(existing) % len(IN_VIVO_COLOURS)]
            code = Code(id=code_id, name=name, parent=parent, colour=colour)
            self.add([code], origin="in-vivo", coder=coder, detail={"code": code_id, "name": name})
        return self.get(code_id)

    def all(self) -> list[Code]:
        """Every code in codebook order."""
        return [code_from_row(row) for row in self._db.execute(f"SELECT {CODE_COLUMNS} FROM codes ORDER BY position")]

    def get(self, code_id: str) -> Code:
        """One code; InputError naming it when it does not exist."""
        row = self._db.execute(f"SELECT {CODE_COLUMNS} FROM codes WHERE id = ?", [code_id]).fetchone()
        if row is None:
            raise InputError(f"no code {code_id!r} in the codebook; add it to the codebook or use --add-codes")
        return code_from_row(row)

    def codebook(self) -> Codebook:
        """The project's codes as a Codebook, in-vivo codes included (to write back to YAML)."""
        return Codebook(
            name=self._project.meta("codebook_name") or "codebook",
            version=self._project.meta("codebook_version") or 1,
            description=self._project.meta("codebook_description") or "",
            codes=tuple(self.all()),
        )

    def edit(self, coder: str, code_id: str, *, move_key: bool = False, **fields: Any) -> Action:
        """Change some of a code's fields (EDITABLE; key None removes the key). Names and keys stay
        unique; a key another code holds is refused unless `move_key`, which takes it from that code."""
        unknown = sorted(set(fields) - set(EDITABLE))
        assert not unknown, f"not editable: {unknown}"
        with self._project.transaction():
            states = code_states(self._db)
            before = require_code(states, code_id)
            after = {**before, **checked_fields(code_id, before, fields)}
            changes: list[Change] = []
            for other in states.values():
                if other["id"] == code_id:
                    continue
                if "name" in fields and other["name"].casefold() == after["name"].casefold():
                    raise InputError(
                        f"code {code_id!r}: the name {after['name']!r} is already used by code {other['id']!r}"
                    )
                if "key" in fields and after["key"] is not None and other["key"] == after["key"]:
                    if not move_key:
                        raise InputError(
                            f"code {code_id!r}: key {after['key']} is held by code {other['id']!r}; "
                            "pass --move-key to take it from that code"
                        )
                    # Taken from the other code first, so the unique index holds at every step.
                    changes.append(Change(CODE, other["id"], other, {**other, "key": None}))
            if after == before:
                raise InputError(f"code {code_id!r}: nothing to change (the values given are the code's own)")
            changes.append(Change(CODE, code_id, before, after))
            changed = [name for name in EDITABLE if before[name] != after[name]]
            summary = f"edited code {code_id!r}: {', '.join(changed)}"
            if len(changes) > 1:
                summary += f" (key {after['key']} taken from code {changes[0].key!r})"
            return self._record_code_action(coder, "code-edit", changes, code=code_id, summary=summary)

    def move(self, coder: str, code_id: str, parent: str | None, *, index: int | None = None) -> Action:
        """Put a code under `parent` (None: at the top), at place `index` among its new siblings
        (None: after them); a code cannot go under itself or one of its own descendants."""
        with self._project.transaction():
            states = code_states(self._db)
            before = require_code(states, code_id)
            if parent is not None:
                require_code(states, parent)
                if parent == code_id or parent in descendants(states, code_id):
                    raise InputError(
                        f"code {code_id!r} cannot move under {parent!r}: that is the code itself or one of its descendants (a cycle)"
                    )
            order = [other for other in states if other != code_id]
            siblings = [other for other in order if states[other]["parent_id"] == parent]
            if index is not None and index < len(siblings):
                place = order.index(siblings[max(index, 0)])
            elif siblings:
                place = after_subtree(order, states, siblings[-1])
            else:
                place = order.index(parent) + 1 if parent is not None else len(order)
            order.insert(place, code_id)
            goal = {other: dict(states[other]) for other in states}
            goal[code_id]["parent_id"] = parent
            changes = renumbered(states, goal, order)
            if not changes:
                raise InputError(f"code {code_id!r} is already there")
            where = f"under {parent!r}" if parent is not None else "to the top"
            summary = f"moved code {code_id!r} {where}" + (f" (place {index + 1})" if index is not None else "")
            return self._record_code_action(
                coder, "code-move", changes, code=code_id, summary=summary, before_parent=before["parent_id"]
            )

    def merge(self, coder: str, source: str, target: str, *, kind: str = "code-merge") -> Action:
        """Merge code `source` into `target`: its spans (every coder's) become spans of `target`,
        joined where one coder's now overlap or touch; its children move under `target`; it goes."""
        with self._project.transaction():
            states = code_states(self._db)
            require_code(states, source)
            require_code(states, target)
            if source == target:
                raise InputError(f"code {source!r} cannot be merged into itself")
            if target in descendants(states, source):
                raise InputError(f"code {source!r} cannot be merged into {target!r}, one of its own descendants")
            span_changes, recoded, joined = merge_span_changes(self._db, {source: target})
            changes = span_changes + self._removal(states, source, new_parent=target, memos_to=target)
            summary = (
                f"merged code {source!r} into {target!r}: {recoded} span(s) recoded, "
                f"{joined} joined with an overlapping or touching span"
            )
            return self._record_code_action(coder, kind, changes, code=source, target=target, summary=summary)

    def split(self, coder: str, code_id: str, new_ids: Sequence[str], *, names: Sequence[str] = ()) -> Action:
        """Create child codes of `code_id` and put its spans on the to-recode list (they stay on
        `code_id` until recoded with `recode_listed`)."""
        if not new_ids:
            raise InputError(f"code {code_id!r}: a split needs at least one new code id")
        with self._project.transaction():
            states = code_states(self._db)
            parent = require_code(states, code_id)
            taken_names = {state["name"].casefold(): state["id"] for state in states.values()}
            position = max((state["position"] for state in states.values()), default=-1) + 1
            stamp = now()
            changes: list[Change] = []
            for index, new_id in enumerate(new_ids):
                name = names[index] if index < len(names) else new_id.replace("-", " ").replace("_", " ").capitalize()
                name = check_name(CODE_NAME, name)
                if not is_code_id(new_id):
                    raise InputError(
                        f"code {code_id!r}: {new_id!r} is not usable as a code id (letters, digits, '-', '_', '.')"
                    )
                if new_id in states or any(change.key == new_id for change in changes):
                    raise InputError(f"code {code_id!r}: code {new_id!r} already exists")
                if name.casefold() in taken_names:
                    raise InputError(
                        f"code {code_id!r}: the name {name!r} is already used by code {taken_names[name.casefold()]!r}"
                    )
                taken_names[name.casefold()] = new_id
                state = {
                    "id": new_id,
                    "name": name,
                    "parent_id": code_id,
                    "colour": IN_VIVO_COLOURS[(len(states) + index) % len(IN_VIVO_COLOURS)],
                    "key": None,
                    "definition": "",
                    "include": "",
                    "exclude": "",
                    "examples": "[]",
                    "guid": str(uuid.uuid4()).upper(),
                    "position": position + index,
                    "origin": parent["origin"],
                    "created_at": stamp,
                }
                changes.append(Change(CODE, new_id, None, state))
            listed = [entry for entry in self.to_recode() if entry["code"] != code_id]
            spans = spans_of_codes(self._db, [code_id])
            listed.extend({"span": span.id, "code": code_id, "choices": list(new_ids)} for span in spans)
            changes.append(self._to_recode_change(listed))
            summary = f"split code {code_id!r} into {', '.join(map(repr, new_ids))}: {len(spans)} span(s) to recode"
            return self._record_code_action(
                coder, "code-split", changes, code=code_id, new=list(new_ids), summary=summary
            )

    def delete(self, coder: str, code_id: str, *, recode_to: str | None = None, with_spans: bool = False) -> Action:
        """Remove a code; refused while spans use it, unless `recode_to` (a merge into that code)
        or `with_spans` (its spans are removed too). Its children move up to its parent."""
        if recode_to is not None and with_spans:
            raise InputError(f"code {code_id!r}: give --recode-to or --with-spans, not both")
        if recode_to is not None:
            return self.merge(coder, code_id, recode_to, kind="code-delete")
        with self._project.transaction():
            states = code_states(self._db)
            state = require_code(states, code_id)
            spans = spans_of_codes(self._db, [code_id])
            if spans and not with_spans:
                raise InputError(
                    f"code {code_id!r} is used by {len(spans)} span(s); pass --recode-to ID to move them or --with-spans to remove them"
                )
            changes = [Change(SPAN, span.id, span.state(), None) for span in spans]
            changes += self._removal(states, code_id, new_parent=state["parent_id"], memos_to=None)
            summary = f"deleted code {code_id!r}" + (f" and its {len(spans)} span(s)" if spans else "")
            return self._record_code_action(coder, "code-delete", changes, code=code_id, summary=summary)

    def to_recode(self) -> list[dict[str, Any]]:
        """The spans a split left to recode, still on the split code: [{"span", "code", "choices"}]."""
        listed = json.loads(self._project.meta(TO_RECODE) or "[]")
        if not listed:
            return []
        codes = sorted({entry["code"] for entry in listed})
        marks = ", ".join("?" for _ in codes)
        current = dict(self._db.execute(f"SELECT id, code_id FROM spans WHERE code_id IN ({marks})", codes).fetchall())
        return [entry for entry in listed if current.get(entry["span"]) == entry["code"]]

    def recode_listed(self, coder: str, span_id: str, code_id: str) -> Action:
        """Recode a span of the to-recode list (any coder's) and take it off the list."""
        with self._project.transaction():
            listed = self.to_recode()
            entry = next((entry for entry in listed if entry["span"] == span_id), None)
            if entry is None:
                raise InputError(
                    f"span {span_id!r} is not on the to-recode list (see `annotator codes show` of the split code)"
                )
            require_code(code_states(self._db), code_id)
            span = read_state(self._db, SPAN, span_id)
            assert span is not None  # to_recode() lists only spans that exist
            changes = [
                Change(SPAN, span_id, span, {**span, "code_id": code_id}),
                self._to_recode_change([other for other in listed if other["span"] != span_id]),
            ]
            summary = f"recoded span {span_id} from {entry['code']!r} to {code_id!r}"
            return self._record_code_action(coder, "code-recode", changes, code=code_id, summary=summary)

    def guids(self) -> dict[str, str]:
        """The stable GUID of every code, by id."""
        return dict(self._db.execute("SELECT id, guid FROM codes").fetchall())

    def origins(self) -> dict[str, str]:
        """Where each code came from (`codebook`, `in-vivo`, `import`), by id."""
        return dict(self._db.execute("SELECT id, origin FROM codes").fetchall())

    def visible_to(self, coder: str, show_others: bool = False) -> list[Code]:
        """The codes a coder sees: for blind coding (`show_others` False) without the in-vivo codes
        another coder created while coding, unless this coder's own spans use them."""
        codes = self.all()
        if show_others:
            return codes
        others = {
            code_id
            for code_id, creator in self._db.execute(
                "SELECT entity_id, coder FROM events WHERE kind = 'code-add' AND entity = 'code' AND reverts IS NULL"
            )
            if creator != coder
        }
        own = {row[0] for row in self._db.execute("SELECT code_id FROM span_totals_by_code WHERE coder = ?", [coder])}
        return [code for code in codes if code.id not in others or code.id in own]

    # --- shared -----------------------------------------------------------------------------

    def _removal(
        self, states: dict[str, State], code_id: str, *, new_parent: str | None, memos_to: str | None
    ) -> list[Change]:
        """Changes moving the code's children under `new_parent` and its memos to `memos_to` (None: removed
        with it), then removing the code."""
        changes = self._project.memos.follow_code(code_id, memos_to)
        changes += [
            Change(CODE, child["id"], child, {**child, "parent_id": new_parent})
            for child in states.values()
            if child["parent_id"] == code_id
        ]
        changes.append(Change(CODE, code_id, states[code_id], None))
        return changes

    def _to_recode_change(self, listed: list[dict[str, Any]]) -> Change:
        return change_to(self._db, "meta", {"key": TO_RECODE, "value": json.dumps(listed, ensure_ascii=False)})

    def _record_code_action(self, coder: str, kind: str, changes: list[Change], **detail: Any) -> Action:
        coder = self._project.coders.ensure(coder)
        return self._project.history.record(coder, kind, changes, detail=detail)
