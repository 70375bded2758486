"""Operations on the codebook (edit, move, merge, split, delete, recode), each one undoable action."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from annotator.domain.errors import InputError
from annotator.domain.models import Code, CodeExample, is_code_id
from annotator.domain.names import CODE_NAME, check_name
from annotator.storage.actions import Action
from annotator.storage.code_changes import (
    CODE,
    TO_RECODE,
    code_states,
    descendants,
    examples_json,
    merge_span_changes,
    require_code,
    span_counts,
    spans_of_codes,
)
from annotator.storage.codes import IN_VIVO_COLOURS, CodeStore
from annotator.storage.database import now
from annotator.storage.entities import SPAN, Change, State, change_to, read_state

# The fields `edit_code` changes, as Code names them (the codes table calls them the same).
EDITABLE = ("name", "definition", "include", "exclude", "examples", "colour", "key")
CODE_KINDS = ("code-edit", "code-move", "code-merge", "code-split", "code-delete", "code-recode")


class CodebookStore(CodeStore):
    """Changes to codes after `init`: every one checked first, written in one transaction as one action."""

    def edit_code(self, coder: str, code_id: str, *, move_key: bool = False, **fields: Any) -> Action:
        """Change some of a code's fields (EDITABLE; key None removes the key). Names and keys stay
        unique; a key another code holds is refused unless `move_key`, which takes it from that code."""
        unknown = sorted(set(fields) - set(EDITABLE))
        assert not unknown, f"not editable: {unknown}"
        with self.transaction():
            states = code_states(self.db)
            before = require_code(states, code_id)
            after = {**before, **_checked_fields(code_id, before, fields)}
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

    def move_code(self, coder: str, code_id: str, parent: str | None, *, index: int | None = None) -> Action:
        """Put a code under `parent` (None: at the top), at place `index` among its new siblings
        (None: after them); a code cannot go under itself or one of its own descendants."""
        with self.transaction():
            states = code_states(self.db)
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
                place = _after_subtree(order, states, siblings[-1])
            else:
                place = order.index(parent) + 1 if parent is not None else len(order)
            order.insert(place, code_id)
            goal = {other: dict(states[other]) for other in states}
            goal[code_id]["parent_id"] = parent
            changes = _renumbered(states, goal, order)
            if not changes:
                raise InputError(f"code {code_id!r} is already there")
            where = f"under {parent!r}" if parent is not None else "to the top"
            summary = f"moved code {code_id!r} {where}" + (f" (place {index + 1})" if index is not None else "")
            return self._record_code_action(
                coder, "code-move", changes, code=code_id, summary=summary, before_parent=before["parent_id"]
            )

    def merge_code(self, coder: str, source: str, target: str, *, kind: str = "code-merge") -> Action:
        """Merge code `source` into `target`: its spans (every coder's) become spans of `target`,
        joined where one coder's now overlap or touch; its children move under `target`; it goes."""
        with self.transaction():
            states = code_states(self.db)
            require_code(states, source)
            require_code(states, target)
            if source == target:
                raise InputError(f"code {source!r} cannot be merged into itself")
            if target in descendants(states, source):
                raise InputError(f"code {source!r} cannot be merged into {target!r}, one of its own descendants")
            span_changes, recoded, joined = merge_span_changes(self.db, {source: target})
            changes = span_changes + self._removal(states, source, new_parent=target)
            summary = (
                f"merged code {source!r} into {target!r}: {recoded} span(s) recoded, "
                f"{joined} joined with an overlapping or touching span"
            )
            return self._record_code_action(coder, kind, changes, code=source, target=target, summary=summary)

    def split_code(self, coder: str, code_id: str, new_ids: Sequence[str], *, names: Sequence[str] = ()) -> Action:
        """Create child codes of `code_id` and put its spans on the to-recode list (they stay on
        `code_id` until recoded with `recode_listed`)."""
        if not new_ids:
            raise InputError(f"code {code_id!r}: a split needs at least one new code id")
        with self.transaction():
            states = code_states(self.db)
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
            spans = spans_of_codes(self.db, [code_id])
            listed.extend({"span": span.id, "code": code_id, "choices": list(new_ids)} for span in spans)
            changes.append(self._to_recode_change(listed))
            summary = f"split code {code_id!r} into {', '.join(map(repr, new_ids))}: {len(spans)} span(s) to recode"
            return self._record_code_action(
                coder, "code-split", changes, code=code_id, new=list(new_ids), summary=summary
            )

    def delete_code(
        self, coder: str, code_id: str, *, recode_to: str | None = None, with_spans: bool = False
    ) -> Action:
        """Remove a code; refused while spans use it, unless `recode_to` (a merge into that code)
        or `with_spans` (its spans are removed too). Its children move up to its parent."""
        if recode_to is not None and with_spans:
            raise InputError(f"code {code_id!r}: give --recode-to or --with-spans, not both")
        if recode_to is not None:
            return self.merge_code(coder, code_id, recode_to, kind="code-delete")
        with self.transaction():
            states = code_states(self.db)
            state = require_code(states, code_id)
            spans = spans_of_codes(self.db, [code_id])
            if spans and not with_spans:
                raise InputError(
                    f"code {code_id!r} is used by {len(spans)} span(s); pass --recode-to ID to move them or --with-spans to remove them"
                )
            changes = [Change(SPAN, span.id, span.state(), None) for span in spans]
            changes += self._removal(states, code_id, new_parent=state["parent_id"])
            summary = f"deleted code {code_id!r}" + (f" and its {len(spans)} span(s)" if spans else "")
            return self._record_code_action(coder, "code-delete", changes, code=code_id, summary=summary)

    def to_recode(self) -> list[dict[str, Any]]:
        """The spans a split left to recode, still on the split code: [{"span", "code", "choices"}]."""
        listed = json.loads(self.meta(TO_RECODE) or "[]")
        if not listed:
            return []
        codes = sorted({entry["code"] for entry in listed})
        marks = ", ".join("?" for _ in codes)
        current = dict(self.db.execute(f"SELECT id, code_id FROM spans WHERE code_id IN ({marks})", codes).fetchall())
        return [entry for entry in listed if current.get(entry["span"]) == entry["code"]]

    def recode_listed(self, coder: str, span_id: str, code_id: str) -> Action:
        """Recode a span of the to-recode list (any coder's) and take it off the list."""
        with self.transaction():
            listed = self.to_recode()
            entry = next((entry for entry in listed if entry["span"] == span_id), None)
            if entry is None:
                raise InputError(
                    f"span {span_id!r} is not on the to-recode list (see `annotator codes show` of the split code)"
                )
            require_code(code_states(self.db), code_id)
            span = read_state(self.db, SPAN, span_id)
            assert span is not None  # to_recode() lists only spans that exist
            changes = [
                Change(SPAN, span_id, span, {**span, "code_id": code_id}),
                self._to_recode_change([other for other in listed if other["span"] != span_id]),
            ]
            summary = f"recoded span {span_id} from {entry['code']!r} to {code_id!r}"
            return self._record_code_action(coder, "code-recode", changes, code=code_id, summary=summary)

    def codes_visible_to(self, coder: str, show_others: bool = False) -> list[Code]:
        """The codes a coder sees: for blind coding (`show_others` False) without the in-vivo codes
        another coder created while coding, unless this coder's own spans use them."""
        codes = self.codes()
        if show_others:
            return codes
        others = {
            code_id
            for code_id, creator in self.db.execute(
                "SELECT entity_id, coder FROM events WHERE kind = 'code-add' AND entity = 'code' AND reverts IS NULL"
            )
            if creator != coder
        }
        own = {row[0] for row in self.db.execute("SELECT code_id FROM span_totals_by_code WHERE coder = ?", [coder])}
        return [code for code in codes if code.id not in others or code.id in own]

    def code_use(self) -> dict[str, int]:
        """Spans per code, every coder's."""
        return span_counts(self.db)

    # --- shared -----------------------------------------------------------------------------

    def _removal(self, states: dict[str, State], code_id: str, *, new_parent: str | None) -> list[Change]:
        """Changes moving the code's children under `new_parent`, then removing the code."""
        changes = [
            Change(CODE, child["id"], child, {**child, "parent_id": new_parent})
            for child in states.values()
            if child["parent_id"] == code_id
        ]
        changes.append(Change(CODE, code_id, states[code_id], None))
        return changes

    def _to_recode_change(self, listed: list[dict[str, Any]]) -> Change:
        return change_to(self.db, "meta", {"key": TO_RECODE, "value": json.dumps(listed, ensure_ascii=False)})

    def _record_code_action(self, coder: str, kind: str, changes: list[Change], **detail: Any) -> Action:
        coder = self.ensure_coder(coder)
        return self.record(coder, kind, changes, detail=detail)


def _checked_fields(code_id: str, before: State, fields: dict[str, Any]) -> dict[str, Any]:
    """The given fields as codes-table values, validated as a Code would be (one line naming the code)."""
    values = {
        "id": before["id"],
        "name": before["name"],
        "definition": before["definition"],
        "include": before["include"],
        "exclude": before["exclude"],
        "colour": before["colour"],
        "key": before["key"],
        "examples": [CodeExample.model_validate(item) for item in json.loads(before["examples"])],
    }
    given = dict(fields)
    if "examples" in given:
        given["examples"] = [
            item if isinstance(item, CodeExample) else CodeExample.model_validate(item) for item in given["examples"]
        ]
    try:
        code = Code.model_validate({**values, **given})
    except ValidationError as error:
        first = error.errors(include_input=False, include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InputError(f"code {code_id!r}: {field}: {first['msg']}") from None
    checked = {name: getattr(code, name) for name in given}
    if "examples" in checked:
        checked["examples"] = examples_json(code.examples)
    return checked


def _after_subtree(order: list[str], states: dict[str, State], code_id: str) -> int:
    """The place in `order` just after `code_id` and every code below it."""
    below = (descendants(states, code_id) | {code_id}) & set(order)
    return max(order.index(other) for other in below) + 1


def _renumbered(states: dict[str, State], goal: dict[str, State], order: list[str]) -> list[Change]:
    """Changes giving the codes the goal states with positions 0, 1, ... in `order`; only changed rows."""
    changes = []
    for position, code_id in enumerate(order):
        after = {**goal[code_id], "position": position}
        if after != states[code_id]:
            changes.append(Change(CODE, code_id, states[code_id], after))
    return changes
