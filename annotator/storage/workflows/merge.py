"""Merge a coded packet back into a project: its coder's actions replayed, keyed by stable ids.

Spans are keyed by their ids, which are random and travel with the span. For each span the
packet touched, the two event logs say which side moved: the batches (random ids too) that
changed the span here and there. If this project has seen every change the packet made, there
is nothing to do; if the packet has seen every change made here, its version is taken (added,
changed or removed); if both changed it, that is a conflict: reported, and this project's
version kept (unless the merge was told to prefer the packet).

Nothing is copied: each action of the packet's coder not yet seen here is replayed through the
action log's one writer (`project.history.record`, which reads each row inside the write), as that
coder's action with the packet's batch id kept in its detail (`packet_batch`), so merging the
same packet again finds every action present and writes nothing. Nothing the packet says about
itself is trusted: its texts, its new codes, every row of its log and every span it would bring
in are checked first (`merge_checks`), and any fault refuses the whole packet before anything is
written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from annotator.domain.models import Code, Event, Span
from annotator.storage import pause
from annotator.storage.entities import SPAN, SUGGESTION_REJECTION, Change, State, read_state
from annotator.storage.history import REDO, UNDO
from annotator.storage.memos import MEMO
from annotator.storage.project import Project
from annotator.storage.suggestions import accepted_provenance
from annotator.storage.workflows.merge_checks import (
    MergeRefused,
    PacketLog,
    check_incoming_coders,
    check_incoming_codes,
    check_incoming_spans,
    check_log_matches_spans,
    differing_documents,
    packet_coder,
    packet_progress,
    read_packet_log,
    refused,
)


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


@dataclass(frozen=True)
class Replay:
    """One action of the packet's coder to replay here: its batch and kind there, and each row it leaves."""

    batch: str
    kind: str
    at: str
    reverts: str | None
    rows: tuple[tuple[str, str, State | None], ...]  # (entity, key, state after)
    # An accepted suggestion's word on where its span came from (checked: `accepted_provenance`), kept here.
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass
class MergePlan:
    """What merging a packet would do."""

    coders: dict[str, str] = field(default_factory=dict)
    new_codes: list[Code] = field(default_factory=list)
    added: list[Span] = field(default_factory=list)
    changed: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    replays: list[Replay] = field(default_factory=list)
    imported: list[Span] = field(default_factory=list)  # spans imported into the packet: rows without events
    progress: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    in_step: int = 0
    packet_for: str | None = None
    # What the plan was made from, so apply_merge can make it again with the write lock held.
    packet: Project | None = field(default=None, repr=False, compare=False)
    prefer: str = "here"

    @property
    def changes_anything(self) -> bool:
        """Whether applying the plan would write anything."""
        return bool(self.coders or self.new_codes or self.replays or self.imported)

    def summary(self) -> dict[str, Any]:
        """Counts, as the merge event records them."""
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "codes": len(self.new_codes),
            "actions": len(self.replays),
            "conflicts": sum(not conflict.taken for conflict in self.conflicts),
            "settled": sum(conflict.taken for conflict in self.conflicts),
            "unchanged": self.in_step,
        }


def codes_removed_here(project: Project) -> dict[str, str]:
    """Codes this project once had and has no longer, by id, with what became of them
    ("merged into Y" or "deleted"), read from the event log's latest removal of each."""
    present = {code.id for code in project.codes.all()}
    removed: dict[str, str] = {}
    for code_id, (kind, detail) in project.history.removed("code").items():
        if code_id in present:
            continue
        target = detail.get("target")
        removed[code_id] = f"merged into {target}" if target and kind in ("code-merge", "code-delete") else "deleted"
    return removed


def check_compatible(project: Project, packet: Project) -> list[Code]:
    """MergeRefused naming every document or code that differs; returns the packet's new (in-vivo) codes."""
    problems: list[str] = []
    other = differing_documents(project, packet)
    if other:
        problems.append(f"documents differ: {', '.join(other)}")
    ours, theirs = project.codes.guids(), packet.codes.guids()
    by_guid = {guid: code_id for code_id, guid in ours.items()}
    names = {code.name.casefold(): code.id for code in project.codes.all()}
    clashes, new_codes = [], []
    removed_here = codes_removed_here(project)
    used_there = set(packet.counts.by_code())
    for code in packet.codes.all():
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
    keys = {code.key for code in project.codes.all() if code.key}
    # A key the project already gives another code is dropped rather than refusing the merge.
    return [code.model_copy(update={"key": None}) if code.key in keys else code for code in new_codes]


def plan_merge(project: Project, packet: Project, *, prefer: str = "here") -> MergePlan:
    """Compare the packet with the project and decide, span by span, what merging does (nothing is written).

    `prefer="packet"` settles conflicts by taking the packet's version; they are still listed.
    MergeRefused, naming the packet's table and row, for anything its coder may not do.
    """
    if packet.path.resolve() == project.path.resolve():
        raise MergeRefused(f"{packet.path}: is this project itself; nothing to merge")
    coder = packet_coder(packet)
    plan = MergePlan(new_codes=check_compatible(project, packet), packet_for=coder, packet=packet, prefer=prefer)
    check_incoming_codes(project, packet, plan.new_codes)
    here_guids, there_guids = project.coders.guids(), packet.coders.guids()
    check_incoming_coders(packet, there_guids)
    if coder not in there_guids:
        raise refused(packet, f"coders row {coder!r}", "the packet's coder is missing")
    for name in sorted(there_guids):
        if name != coder:
            raise refused(packet, f"coders row {name!r}", f"another coder than the packet's ({coder!r})")
    plan.coders = {coder: there_guids[coder]} if coder not in here_guids else {}
    known_codes = {code.id for code in project.codes.all()} | {code.id for code in plan.new_codes}
    origins = packet.codes.origins()
    log = read_packet_log(project, packet, coder, known_codes, origins)
    here_events = project.history.all_events()
    origins = _origins(here_events)
    batches_here, batches_there = _batches_by_span(here_events, origins), _batches_by_span(log.events)
    here_spans = {span.id: span for span in project.spans.select()}
    there_spans = {span.id: span for span in packet.spans.select()}
    check_incoming_spans(project, packet, there_spans.values(), known_codes, coder)
    check_log_matches_spans(packet, log, there_spans)
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
    here_progress = project.coders.progress()
    plan.progress = {
        key: value
        for key, value in packet_progress(project, packet, coder).items()
        if key not in here_progress or (here_progress[key] != value and value[1] > here_progress[key][1])
    }
    plan.imported = [span for span in plan.added if span.id not in batches_there]
    plan.replays = _replays(log, _seen_rows(here_events, origins), held_back, set(plan.progress))
    _check_owned(project, packet, coder, log, here_spans, batches_here, plan)
    return plan


def _check_owned(
    project: Project,
    packet: Project,
    coder: str,
    log: PacketLog,
    here_spans: dict[str, Span],
    batches_here: dict[str, set[str]],
    plan: MergePlan,
) -> None:
    """Refuse a packet that would change or remove a span here its coder did not create in this
    packet: the span must be theirs, and the batch that created it there must have been merged here;
    and one that would write over a memo here of another author."""
    for memo_id in sorted({key for replay in plan.replays for entity, key, _ in replay.rows if entity == MEMO}):
        memo_here = read_state(project.db, MEMO, memo_id)
        if memo_here is not None and memo_here["author"] != coder:
            raise refused(
                packet, f"memo {memo_id}", f"would change a memo of another author than the packet's ({coder!r})"
            )
    touched = {span.id for span in plan.changed + plan.removed}
    touched |= {key for replay in plan.replays for entity, key, _ in replay.rows if entity == SPAN}
    for span_id in sorted(touched):
        here = here_spans.get(span_id)
        if here is None:
            continue
        if here.coder != coder:
            raise refused(
                packet, f"span {span_id}", f"would change a span of another coder than the packet's ({coder!r})"
            )
        if log.created.get(span_id) not in batches_here.get(span_id, set()):
            raise refused(packet, f"span {span_id}", "would change a span here that was not created in this packet")


def _origins(events: list[Event]) -> dict[str, str]:
    """Each batch here with the batch its action had where it was first taken: a replayed packet
    action's is the packet's (kept in its detail as `packet_batch`), any other's is its own.

    An undo or redo here copies the detail of the action it reverts, so one whose `packet_batch`
    is that action's own origin is a local undo, counted under its own batch: a span the lead
    took back here is then changed on both sides when the packet changes it again."""
    found: dict[str, str] = {}
    for event in events:
        if event.batch in found:
            continue
        origin = event.detail.get("packet_batch")
        copied = event.kind in (UNDO, REDO) and event.reverts is not None and found.get(event.reverts) == origin
        found[event.batch] = origin if isinstance(origin, str) and not copied else event.batch
    return found


def _seen_rows(events: list[Event], origins: dict[str, str]) -> set[tuple[str, str, str | None]]:
    """(original batch, entity, row key) of every row an action here changed."""
    return {(origins[event.batch], event.entity, event.entity_id) for event in events}


def _replays(
    log: PacketLog, seen: set[tuple[str, str, str | None]], held_back: set[str], done_marks: set[tuple[str, str]]
) -> list[Replay]:
    """The packet's actions to replay here, in its log's order: rows not seen here, leaving out the
    spans held back by a conflict, done marks older than this project's, and code rows (new codes
    come from the packet's codes table, checked)."""
    rows: dict[str, list[tuple[str, str, State | None]]] = defaultdict(list)
    firsts: dict[str, Event] = {}
    for event in log.events:
        key = event.entity_id
        # Rejected suggestions are the packet coder's own and stay in the packet.
        if key is None or (event.batch, event.entity, key) in seen or event.entity in ("code", SUGGESTION_REJECTION):
            continue
        if event.entity == SPAN and key in held_back:
            continue
        if event.entity == "progress" and tuple(json.loads(key)) not in done_marks:
            continue
        firsts.setdefault(event.batch, event)
        rows[event.batch].append((event.entity, key, event.after))
    return [
        Replay(batch, first.kind, first.at, first.reverts, tuple(rows[batch]), accepted_provenance(first.detail))
        for batch, first in firsts.items()
    ]


def apply_merge(project: Project, plan: MergePlan, *, coder: str, source: str) -> MergePlan:
    """Write a plan in one transaction; a merge that changes nothing writes nothing (not even a log entry).

    The plan is made again inside the write, with the lock held, and `plan` updated to it: a span
    changed here since the plan was shown (a recode, say) is then a conflict, reported and kept,
    never overwritten by the packet's version. Each action of the packet's coder is replayed as
    theirs through the action log's writer, reading every row it changes inside the write.
    Returns the plan applied.
    """
    pause.point("merge")
    with project.transaction():
        if plan.packet is not None:
            fresh = plan_merge(project, plan.packet, prefer=plan.prefer)
            for name in (f.name for f in fields(MergePlan)):
                setattr(plan, name, getattr(fresh, name))
        if not plan.changes_anything:
            return plan
        assert plan.packet_for is not None
        packet_coder_name = plan.packet_for
        project.coders.add(plan.coders)
        _add_codes(project, plan.new_codes, packet_coder_name, source)
        if plan.imported:
            changes = [Change(SPAN, span.id, None, span.state()) for span in plan.imported]
            project.history.record(
                packet_coder_name, "import", changes, detail={"packet": source, "spans": len(changes)}
            )
        origins = _origins(project.history.events(coder=packet_coder_name))
        replayed = {origin: batch for batch, origin in origins.items() if origin != batch}
        for replay in plan.replays:
            replayed[replay.batch] = _replay(project, packet_coder_name, replay, replayed, source)
        project.history.log("merge", coder=coder, detail={"source": source, **plan.summary()})
    return plan


def _add_codes(project: Project, codes: list[Code], coder: str, source: str) -> None:
    """Add the packet's new (checked) in-vivo codes as one action of its coder, as creating a code logs it."""
    if not codes:
        return
    project.codes.add(codes, origin="in-vivo", coder=coder, detail={"packet": source, "codes": [c.id for c in codes]})


def _replay(project: Project, coder: str, replay: Replay, replayed: dict[str, str], source: str) -> str:
    """Take one of the packet coder's actions again here, from the rows as they are now; returns its batch here."""
    changes: list[Change] = []
    pending: dict[tuple[str, str], State | None] = {}
    for entity, key, after in replay.rows:
        if entity == MEMO and after is not None:
            # Checked again by the memo store, inside the write: the codes the packet brings exist now.
            project.memos.check_row(key, after)
        row = (entity, key)
        before = pending[row] if row in pending else read_state(project.db, entity, key)
        changes.append(Change(entity, key, before, after))
        pending[row] = after
    detail = {**replay.provenance, "packet": source, "packet_batch": replay.batch, "packet_at": replay.at}
    reverts = replayed.get(replay.reverts) if replay.reverts else None
    return project.history.record(coder, replay.kind, changes, detail=detail, reverts=reverts).batch


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


def _batches_by_span(events: list[Event], origins: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Each span's batches (with `origins`, a replayed action counted under the packet's batch it came from)."""
    found: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.span_id is not None:
            found[event.span_id].add(origins[event.batch] if origins else event.batch)
    return found
