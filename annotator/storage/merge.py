"""Merge a coded packet (or any project with the same documents) back into a project, keyed by stable ids.

Spans are keyed by their ids, which are random and travel with the span. For each span the
packet touched, the two event logs say which side moved: the batches (random ids too) that
changed the span here and there. If this project has seen every change the packet made, there
is nothing to do; if the packet has seen every change made here, its version is taken (added,
changed or removed); if both changed it, that is a conflict: reported, and this project's
version kept (unless the merge was told to prefer the packet). Events are copied with their batch ids, so merging the same packet again finds
everything present and writes nothing. Nothing the packet says about itself is trusted: its texts
and every span it would bring in are checked first (`merge_checks`), and any fault refuses the
whole packet before anything is written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from annotator.domain.models import Code, Event, Span
from annotator.storage import pause
from annotator.storage.exchange import (
    add_coders,
    all_events,
    append_events,
    code_guids,
    delete_spans,
    event_key,
    progress_rows,
    replace_spans,
    write_progress,
    write_spans,
)
from annotator.storage.merge_checks import (
    MergeRefused,
    check_incoming_coders,
    check_incoming_events,
    check_incoming_progress,
    check_incoming_spans,
    differing_documents,
)
from annotator.storage.project import Project


@dataclass
class Conflict:
    """A span changed both here and in the packet; this project's version is kept unless the packet's was preferred."""

    span_id: str
    here: Span | None
    there: Span | None
    taken: bool = False  # settled by taking the packet's version (--prefer packet)

    def describe(self) -> str:
        """One line naming the span and both versions by code and offsets (never a memo or quote)."""
        some = self.here or self.there
        assert some is not None
        outcome = (
            f"took the packet's: {_show(self.there)}; was here: {_show(self.here)}"
            if self.taken
            else f"kept here: {_show(self.here)}; packet has: {_show(self.there)}"
        )
        memos = ""
        if self.here is not None and self.there is not None and self.here.memo != self.there.memo:
            memos = "; the memos differ (open the span to read them)"
        return (
            f"span {self.span_id} (document {some.document_id!r}, coder {some.coder!r}) was changed here and in "
            f"the packet; {outcome}{memos}"
        )


def _show(span: Span | None) -> str:
    """A span version by code and offsets: testimony text and memos stay out of messages."""
    if span is None:
        return "removed"
    return f"{span.code_id} {span.start}-{span.end}"


@dataclass
class MergePlan:
    """What merging a packet would do."""

    coders: dict[str, str] = field(default_factory=dict)
    new_codes: list[Code] = field(default_factory=list)
    added: list[Span] = field(default_factory=list)
    changed: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    progress: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    in_step: int = 0
    packet_coders: list[str] = field(default_factory=list)
    packet_for: str | None = None
    # What the plan was made from, so apply_merge can make it again with the write lock held.
    packet: Project | None = field(default=None, repr=False, compare=False)
    prefer: str = "here"

    @property
    def changes_anything(self) -> bool:
        """Whether applying the plan would write anything."""
        return bool(
            self.coders or self.new_codes or self.added or self.changed or self.removed or self.events or self.progress
        )

    def summary(self) -> dict[str, Any]:
        """Counts, as the merge event records them."""
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "codes": len(self.new_codes),
            "events": len(self.events),
            "conflicts": sum(not conflict.taken for conflict in self.conflicts),
            "settled": sum(conflict.taken for conflict in self.conflicts),
            "unchanged": self.in_step,
        }


def codes_removed_here(project: Project) -> dict[str, str]:
    """Codes this project once had and has no longer, by id, with what became of them
    ("merged into Y" or "deleted"), read from the event log's latest removal of each."""
    rows = project.db.execute(
        "SELECT e.entity_id, e.kind, e.detail FROM events e WHERE e.entity = 'code' AND e.after IS NULL"
        " AND e.before IS NOT NULL AND e.id = (SELECT max(id) FROM events WHERE entity = 'code' AND entity_id = e.entity_id)"
    ).fetchall()
    present = {code.id for code in project.codes()}
    removed: dict[str, str] = {}
    for code_id, kind, detail in rows:
        if code_id in present:
            continue
        target = json.loads(detail or "{}").get("target")
        removed[code_id] = f"merged into {target}" if target and kind in ("code-merge", "code-delete") else "deleted"
    return removed


def check_compatible(project: Project, packet: Project) -> list[Code]:
    """MergeRefused naming every document or code that differs; returns the packet's new (in-vivo) codes."""
    problems: list[str] = []
    other = differing_documents(project, packet)
    if other:
        problems.append(f"documents differ: {', '.join(other)}")
    ours, theirs = code_guids(project), code_guids(packet)
    by_guid = {guid: code_id for code_id, guid in ours.items()}
    names = {code.name.casefold(): code.id for code in project.codes()}
    clashes, new_codes = [], []
    removed_here = codes_removed_here(project)
    used_there = set(packet.code_counts())
    for code in packet.codes():
        guid = theirs[code.id]
        if code.id not in ours and code.id in removed_here:
            # The codebook changed since the packet was made: never bring a merged or deleted code
            # back as if it were the packet's own, nor leave its spans on it silently.
            if code.id in used_there:
                clashes.append(
                    f"{code.id} ({removed_here[code.id]} here since the packet was made; the packet's spans use it)"
                )
            continue
        if code.id in ours:
            if ours[code.id] != guid:
                clashes.append(f"{code.id} (another code of the same id: GUID {guid} there, {ours[code.id]} here)")
        elif guid in by_guid:
            clashes.append(f"{code.id} (is code {by_guid[guid]} here)")
        elif code.name.casefold() in names:
            clashes.append(f"{code.id} (its name {code.name!r} is code {names[code.name.casefold()]} here)")
        else:
            new_codes.append(code)
    if clashes:
        problems.append(f"codes differ: {', '.join(clashes)}")
    if problems:
        raise MergeRefused(
            f"{packet.path}: cannot be merged, it was not made from this project's documents and codebook: "
            + "; ".join(problems)
        )
    keys = {code.key for code in project.codes() if code.key}
    # A key the project already gives another code is dropped rather than refusing the merge.
    return [code.model_copy(update={"key": None}) if code.key in keys else code for code in new_codes]


def plan_merge(project: Project, packet: Project, *, prefer: str = "here") -> MergePlan:
    """Compare the packet with the project and decide, span by span, what merging does (nothing is written).

    `prefer="packet"` settles conflicts by taking the packet's version; they are still listed.
    """
    if packet.path.resolve() == project.path.resolve():
        raise MergeRefused(f"{packet.path}: is this project itself; nothing to merge")
    plan = MergePlan(
        new_codes=check_compatible(project, packet),
        packet_for=packet.meta("packet_coder"),
        packet=packet,
        prefer=prefer,
    )
    here_guids, there_guids = project.coder_guids(), packet.coder_guids()
    plan.coders = {name: guid for name, guid in there_guids.items() if name not in here_guids}
    here_events, there_events = all_events(project), all_events(packet)
    seen_here = {event_key(event) for event in here_events}
    batches_here, batches_there = _batches_by_span(here_events), _batches_by_span(there_events)
    here_spans = {span.id: span for span in project.spans()}
    there_spans = {span.id: span for span in packet.spans()}
    plan.packet_coders = sorted({span.coder for span in there_spans.values()})
    held_back: set[str] = set()
    for span_id in sorted(set(there_spans) | set(batches_there)):
        here, there = here_spans.get(span_id), there_spans.get(span_id)
        if _same(here, there):
            plan.in_step += 1
            continue
        mine, theirs = batches_here.get(span_id, set()), batches_there.get(span_id, set())
        if theirs and theirs <= mine:
            plan.in_step += 1  # this project has every change the packet made, and more
        elif mine <= theirs and (theirs or here is None):
            _take(plan, here, there)
        else:
            plan.conflicts.append(Conflict(span_id, here, there, taken=prefer == "packet"))
            if prefer == "packet":
                _take(plan, here, there)
            else:
                held_back.add(span_id)
    check_incoming_coders(packet, plan.coders)
    known_codes = {code.id for code in project.codes()} | {code.id for code in plan.new_codes}
    check_incoming_spans(project, packet, plan.added + plan.changed, known_codes)
    plan.events = [
        event
        for event in there_events
        if event_key(event) not in seen_here and (event.span_id is None or event.span_id not in held_back)
    ]
    check_incoming_events(project, packet, plan.events)
    here_progress = progress_rows(project)
    plan.progress = {
        key: value
        for key, value in progress_rows(packet).items()
        if key not in here_progress or (here_progress[key] != value and value[1] > here_progress[key][1])
    }
    check_incoming_progress(project, packet, plan.progress, set(here_guids) | set(plan.coders))
    return plan


def apply_merge(project: Project, plan: MergePlan, *, coder: str, source: str) -> MergePlan:
    """Write a plan in one transaction; a merge that changes nothing writes nothing (not even a log entry).

    The plan is made again inside the write, with the lock held, and `plan` updated to it: a span
    changed here since the plan was shown (a recode, say) is then a conflict, reported and kept,
    never overwritten by the packet's version. Returns the plan applied.
    """
    pause.point("merge")
    with project.transaction():
        if plan.packet is not None:
            fresh = plan_merge(project, plan.packet, prefer=plan.prefer)
            for name in (f.name for f in fields(MergePlan)):
                setattr(plan, name, getattr(fresh, name))
        if not plan.changes_anything:
            return plan
        add_coders(project, plan.coders)
        if plan.new_codes:
            project.add_codes(plan.new_codes, origin="in-vivo")
        write_spans(project, plan.added)
        replace_spans(project, plan.changed)
        delete_spans(project, [span.id for span in plan.removed])
        append_events(project, plan.events)
        write_progress(project, plan.progress)
        project.log_event("merge", coder=coder, detail={"source": source, **plan.summary()})
    return plan


def _take(plan: MergePlan, here: Span | None, there: Span | None) -> None:
    """Plan to make this project's span what the packet's is (added, changed or removed)."""
    if there is None:
        plan.removed.append(here)  # type: ignore[arg-type]  # _same() ruled out both None
    elif here is None:
        plan.added.append(there)
    else:
        plan.changed.append(there)


def _same(here: Span | None, there: Span | None) -> bool:
    if here is None or there is None:
        return here is there
    return here.state() == there.state()


def _batches_by_span(events: list[Event]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.span_id is not None:
            found[event.span_id].add(event.batch)
    return found
