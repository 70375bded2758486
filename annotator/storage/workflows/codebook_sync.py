"""`codebook sync`: the difference between a codebook file and the project, by code id, applied as one action."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.codebook import SyncFile
from annotator.domain.errors import InputError
from annotator.domain.models import Code
from annotator.storage import pause
from annotator.storage.actions import Action
from annotator.storage.base import ConflictError
from annotator.storage.code_changes import CODE, code_states, examples_json, merge_span_changes, span_counts
from annotator.storage.database import now
from annotator.storage.entities import Change, State, change_to
from annotator.storage.project import Project
from annotator.storage.row_labels import changed_by

SYNC_KIND = "codebook-sync"
# Project settings a codebook file carries besides its codes.
META_FIELDS = (("name", "codebook_name"), ("version", "codebook_version"), ("description", "codebook_description"))
COMPARED = ("name", "definition", "include", "exclude", "examples", "colour", "key")


@dataclass(frozen=True)
class Removal:
    """A code the file no longer holds: how many spans use it and the code they go to (None: unused)."""

    code_id: str
    spans: int
    target: str | None


@dataclass
class SyncPlan:
    """What syncing the file would change; empty when the project's codebook already equals it."""

    path: Path
    file: SyncFile
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    moved: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)
    reordered: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    recode_to: str | None = None

    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.moved or self.removed or self.reordered or self.meta)

    def describe(self) -> list[str]:
        """One line per change, ids and field names only (the file's texts are not repeated)."""
        codes = self.file.codebook.by_id()
        lines = [f"add code {code_id!r} ({codes[code_id].name})" for code_id in self.added]
        for code_id, fields in self.changed.items():
            parts = [
                f"name {self.states[code_id]['name']!r} -> {codes[code_id].name!r}" if name == "name" else name
                for name in fields
            ]
            lines.append(f"change code {code_id!r}: {', '.join(parts)}")
        for code_id, (old, new) in self.moved.items():
            lines.append(
                f"move code {code_id!r}: {'under ' + repr(new) if new else 'to the top'} (was {'under ' + repr(old) if old else 'at the top'})"
            )
        for removal in self.removed:
            fate = (
                f"its {removal.spans} span(s) merged into {removal.target!r}"
                if removal.target and removal.spans
                else (f"merged into {removal.target!r}, unused" if removal.target else "unused")
            )
            lines.append(f"remove code {removal.code_id!r}: {fate}")
        if self.reordered:
            lines.append("reorder the codes as the file lists them")
        lines.extend(f"set the codebook's {name}" for name in self.meta)
        return lines

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.moved)} moved, "
            f"{len(self.removed)} removed" + (", reordered" if self.reordered else "")
        )


def plan_sync(project: Project, file: SyncFile, path: Path, *, recode_to: str | None = None) -> SyncPlan:
    """Compare the file with the project by code id; InputError (one line naming file and code) when
    the file cannot be applied: a removed code in use with nowhere to go. A stub of a code the
    project no longer has is left alone (it was merged already), so a file syncs twice the same."""
    states = code_states(project.db)
    codes = file.codebook.codes
    wanted = {code.id: code for code in codes}
    plan = SyncPlan(path, file, states=states, recode_to=recode_to)
    if recode_to is not None and recode_to not in wanted:
        raise InputError(f"{path}: --recode-to {recode_to!r} is not a code of the file")
    uses = span_counts(project.db)
    for code_id in states:
        if code_id in wanted:
            continue
        target = file.merged_into.get(code_id) or (recode_to if uses.get(code_id) else None)
        if uses.get(code_id) and target is None:
            raise InputError(
                f"{path}: code {code_id!r} is removed from the file but {uses[code_id]} span(s) use it; keep it, "
                f"leave a stub `- id: {code_id}` with `merged_into: ID`, or pass --recode-to ID"
            )
        plan.removed.append(Removal(code_id, uses.get(code_id, 0), target))
    for code in codes:
        state = states.get(code.id)
        if state is None:
            plan.added.append(code.id)
            continue
        fields = [name for name in COMPARED if _column(code, name) != state[name]]
        if fields:
            plan.changed[code.id] = fields
        if code.parent != state["parent_id"]:
            plan.moved[code.id] = (state["parent_id"], code.parent)
    kept = [code_id for code_id in states if code_id in wanted]
    in_file = [code.id for code in codes]
    plan.reordered = in_file != kept + plan.added
    for attribute, key in META_FIELDS:
        value = str(getattr(file.codebook, attribute))
        if value != (project.meta(key) or ("" if attribute == "description" else None)):
            plan.meta[attribute] = value
    return plan


def apply_sync(project: Project, plan: SyncPlan, coder: str) -> Action | None:
    """Write the plan as one undoable action (None when there is nothing to change)."""
    if plan.is_empty():
        return None
    pause.point("codebook-sync")
    with project.transaction():
        _verify_unchanged(project, plan)
        coder = project.coders.ensure(coder)
        writer = _CodeWriter(dict(plan.states))
        wanted = plan.file.codebook.codes
        finals = _final_states(plan, wanted)
        writer.free_names_and_keys(finals)
        for code_id in plan.added:
            writer.put(code_id, {**finals[code_id], "parent_id": None})
        targets = {
            removal.code_id: removal.target for removal in plan.removed if removal.target is not None and removal.spans
        }
        span_changes, _, _ = merge_span_changes(project.db, targets)
        writer.changes.extend(span_changes)
        for code_id, state in finals.items():
            writer.put(code_id, state)
        for removal in sorted(plan.removed, key=lambda removal: -_depth(plan.states, removal.code_id)):
            writer.put(removal.code_id, None)
        meta = [
            change_to(project.db, "meta", {"key": key, "value": plan.meta[attribute]})
            for attribute, key in META_FIELDS
            if attribute in plan.meta
        ]
        detail = {"file": plan.path.name, "summary": f"synced the codebook with {plan.path.name}: {plan.summary()}"}
        return project.history.record(coder, SYNC_KIND, writer.changes + meta, detail=detail)


def _verify_unchanged(project: Project, plan: SyncPlan) -> None:
    """ConflictError when the plan, made again with the write lock held, is not the plan shown:
    a code edited, added or removed, or a removed code given another fate, meanwhile."""
    fresh = plan_sync(project, plan.file, plan.path, recode_to=plan.recode_to)
    fates = [(removal.code_id, removal.target) for removal in plan.removed]
    # A span coded meanwhile on a code the plan merges away is merged with the others (read inside).
    if (
        fresh.states == plan.states
        and [(r.code_id, r.target) for r in fresh.removed] == fates
        and fresh.meta == plan.meta
    ):
        return
    codes = sorted(set(fresh.states) | set(plan.states))
    moved = [code_id for code_id in codes if fresh.states.get(code_id) != plan.states.get(code_id)]
    what = changed_by(project.db, CODE, moved[0]) if moved else "the codebook was changed"
    raise ConflictError(f"{plan.path}: {what} since the sync was planned; nothing was written; run the sync again")


class _CodeWriter:
    """Code changes in the order they are written, each from the row's state left by the one before."""

    def __init__(self, states: dict[str, State | None]) -> None:
        self.current = states
        self.changes: list[Change] = []

    def put(self, code_id: str, after: State | None) -> None:
        before = self.current.get(code_id)
        if before != after:
            self.changes.append(Change(CODE, code_id, before, after))
            self.current[code_id] = after

    def free_names_and_keys(self, finals: dict[str, State]) -> None:
        """Take names and keys off the codes that hold one another code will get, so the unique
        indexes hold at every step (two codes may swap names or keys)."""
        wanted_names = {state["name"].casefold(): code_id for code_id, state in finals.items()}
        wanted_keys = {state["key"]: code_id for code_id, state in finals.items() if state["key"] is not None}
        for code_id, state in list(self.current.items()):
            assert state is not None
            freed = dict(state)
            if wanted_names.get(state["name"].casefold(), code_id) != code_id:
                # A placeholder no one can type: the code's id behind a word joiner.
                freed["name"] = f"\u2060{code_id}"
            if state["key"] is not None and wanted_keys.get(state["key"], code_id) != code_id:
                freed["key"] = None
            self.put(code_id, freed)


def _final_states(plan: SyncPlan, codes: tuple[Code, ...]) -> dict[str, State]:
    """Each code of the file as its row will be; positions renumbered only when the order changed."""
    stamp = now()
    top = max((state["position"] for state in plan.states.values()), default=-1) + 1
    finals: dict[str, State] = {}
    for index, code in enumerate(codes):
        old = plan.states.get(code.id)
        position = index if plan.reordered else (old["position"] if old else top + plan.added.index(code.id))
        base = old or {"guid": code.guid or str(uuid.uuid4()).upper(), "origin": "codebook", "created_at": stamp}
        finals[code.id] = {
            **base,
            "id": code.id,
            "parent_id": code.parent,
            "position": position,
            **{name: _column(code, name) for name in COMPARED},
        }
    return finals


def _column(code: Code, name: str) -> object:
    """A Code field as the codes table holds it."""
    return examples_json(code.examples) if name == "examples" else getattr(code, name)


def _depth(states: dict[str, State], code_id: str) -> int:
    depth, current, seen = 0, states[code_id]["parent_id"], {code_id}
    while current is not None and current in states and current not in seen:
        seen.add(current)
        depth, current = depth + 1, states[current]["parent_id"]
    return depth
