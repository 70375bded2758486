"""Adjudication: walk where two coders differ and write the agreed coding as a coder of its own.

The text both coders coded is cut into *items* (`annotator/domain/adjudication_items.py`). An item
is *agreed* when both coders have the same segments in it (same codes, same boundaries, a coder's
overlapping spans of one code merged), else it is a *disagreement*. A decision writes the chosen
segments as spans of the consensus coder (the pair's own, `consensus-ann-bob`, unless named
otherwise), replacing what that coder had in the item, as one undoable action of kind `decide`
whose event detail records the item keys, the choice, the pair and who decided. A text
correction moves items, and so changes their keys; the keys decided are carried across with the
spans (`annotator/storage/decision_keys.py`), so a decision stays in effect.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from annotator.domain.adjudication_items import DECIDE, Item, Segment, build_items
from annotator.domain.consensus import consensus_name
from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.query.selection import SpanSelection
from annotator.storage import Action, Project, new_span_ids
from annotator.storage.database import now
from annotator.storage.decision_keys import Carried, Stretch, carried_items, decision_event_ids

__all__ = ["CHOICES", "DECIDE", "Adjudication", "Item", "Segment", "build_items", "edited_segments"]

CHOICES = ("a", "b", "both", "neither", "edit", "agreed")
MIXED = "edit"  # the choice shown for an item a correction joined from items decided differently


class Decision(NamedTuple):
    """A decision in effect: the choice, the pair it was made for, its first event's id."""

    choice: str
    pair: tuple[str, ...]
    event: int  # of an item decided under several keys (a correction moved it), the latest counts


def decisions_in_effect(
    direct: Mapping[str, Sequence[Decision]], carried: Mapping[str, Carried]
) -> dict[str, Decision]:
    """The decision of each item key: those made (`direct`: every decision in effect under each
    key, oldest first), carried across text corrections.

    An item a correction moved (`carried`: its history, one list per item it came from of the
    keys and event ranges its decisions were logged under, and the last event before the
    correction) is decided when decided again since the correction, else when each list holds a
    decision: the latest of each, with their choice, or MIXED when they differ (a join of a decided
    and an undecided item is undecided). The keys of histories are no longer those items': they leave.
    """
    # A decision logged under a key in an era a later correction carried that key away from belongs
    # to the item the key then named (now under another key); one logged outside every such era
    # (made after the correction, on an item that has that key now) is this key's own.
    eras: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for item in carried.values():
        for part in item.history:
            for key, after, until in part:
                eras[key].append((after, until))
    found: dict[str, Decision] = {}
    for key, decisions in direct.items():
        own = [d for d in decisions if not any(after < d.event <= until for after, until in eras.get(key, ()))]
        if own:
            found[key] = max(own, key=_event)
    for key, (history, after_event) in carried.items():
        found.pop(key, None)  # a decision under this key before the correction was another item's
        again = _latest(direct, [(key, after_event, sys.maxsize)])
        if again is not None:
            found[key] = again
            continue
        latest = [_latest(direct, part) for part in history]
        decided = [decision for decision in latest if decision is not None]
        if decided and len(decided) == len(latest):
            newest = max(decided, key=_event)
            mixed = len({decision.choice for decision in decided}) > 1
            found[key] = newest._replace(choice=MIXED) if mixed else newest
    return found


def _latest(direct: Mapping[str, Sequence[Decision]], stretches: Sequence[Stretch]) -> Decision | None:
    """The latest decision logged under a stretch's key within its event range, of any stretch."""
    return max(
        (d for key, after, until in stretches for d in direct.get(key, ()) if after < d.event <= until),
        key=_event,
        default=None,
    )


def _event(decision: Decision) -> int:
    return decision.event


class Adjudication:
    """Two coders compared, and the decisions written as the consensus coder."""

    def __init__(
        self,
        project: Project,
        first: str,
        second: str,
        *,
        into: str | None = None,
        decided_by: str,
        all_documents: bool = False,
    ) -> None:
        into = into or consensus_name(first, second)
        if len({first, second, into}) < 3:
            raise InputError("adjudication needs two different coders and a third name to write into")
        coders = set(project.coders.all())
        for name in (first, second):
            if name not in coders:
                raise InputError(f"no coder {name!r} in the project (coders: {', '.join(sorted(coders)) or 'none'})")
        self.project = project
        self.first, self.second, self.into = first, second, into
        self.decided_by = decided_by
        self.all_documents = all_documents

    def documents(self) -> list[str]:
        """Documents that count for both coders (done, or holding a span), in project order."""
        ids = self.project.documents.ids()
        if self.all_documents:
            return ids
        counted = []
        for coder in (self.first, self.second):
            coded = SpanSelection(coders=(coder,)).count_per(self.project, "document_id")
            counted.append(self.project.coders.done_documents(coder) | set(coded))
        return [doc for doc in ids if doc in counted[0] and doc in counted[1]]

    def items(self) -> list[Item]:
        """Every item of the compared documents, in document and offset order."""
        found: list[Item] = []
        for document_id in self.documents():
            found.extend(
                build_items(
                    document_id,
                    list(SpanSelection(coders=(self.first,), documents=(document_id,)).spans(self.project)),
                    list(SpanSelection(coders=(self.second,), documents=(document_id,)).spans(self.project)),
                )
            )
        return found

    def decisions(self) -> dict[str, str]:
        """The choice in effect for each decided item key (undone decisions are not in effect;
        decisions of items a text correction moved are in effect under the items' new keys)."""
        return {key: decision.choice for key, decision in self._in_effect().items()}

    def reused_decisions(self) -> dict[tuple[str, str], int]:
        """Decisions in effect in the consensus coder that were made for other pairs (a name shared
        by several pairs): how many items of each pair."""
        this = {self.first, self.second}
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for decision in self._in_effect().values():
            pair = decision.pair
            if len(pair) == 2 and set(pair) != this:
                counts[(pair[0], pair[1])] += 1
        return dict(counts)

    def _in_effect(self) -> dict[str, Decision]:
        direct: dict[str, list[Decision]] = defaultdict(list)
        events = decision_event_ids(self.project.db, self.into)
        for batch, detail in self.project.history.active_actions(self.into, DECIDE):
            pair = tuple(detail.get("coders", []))
            for key in detail.get("items", []):
                direct[key].append(Decision(detail.get("choice", ""), pair, events[batch]))
        return decisions_in_effect(direct, carried_items(self.project.db, self.into))

    def decide(self, item: Item, choice: str, edited: Sequence[Segment] | None = None) -> Action:
        """Write one decision: the chosen segments (or `edited` ones) replace the consensus spans in the item."""
        segments = tuple(edited or ()) if choice == "edit" else item.segments(choice)
        if choice == "edit" and edited is None:
            raise InputError("an edit decision needs the edited segments")
        return self._write([item], {item.key: segments}, choice)

    def accept_agreed(self, items: Sequence[Item] | None = None) -> Action | None:
        """Accept every undecided agreed item (of `items`, else of all) in one action; None when there is none."""
        decided = self.decisions()
        agreed = [
            item for item in (self.items() if items is None else items) if item.agreed and item.key not in decided
        ]
        if not agreed:
            return None
        return self._write(agreed, {item.key: item.first for item in agreed}, "agreed")

    def _write(self, items: list[Item], chosen: dict[str, tuple[Segment, ...]], choice: str) -> Action:
        stamp = now()
        changes: list[tuple[Span | None, Span | None]] = []
        by_document: dict[str, list[Item]] = defaultdict(list)
        for item in items:
            by_document[item.document_id].append(item)
        self.project.coders.ensure(self.into)
        for document_id, document_items in by_document.items():
            existing = list(SpanSelection(coders=(self.into,), documents=(document_id,)).spans(self.project))
            for item in document_items:
                lo = min([item.start, *(s.start for s in chosen[item.key])])
                hi = max([item.end, *(s.end for s in chosen[item.key])])
                changes.extend((span, None) for span in existing if span.start < hi and span.end > lo)
                segments = chosen[item.key]
                for span_id, segment in zip(new_span_ids(len(segments)), segments):
                    span = Span(
                        span_id,
                        document_id,
                        segment.code_id,
                        self.into,
                        segment.start,
                        segment.end,
                        "",
                        "",
                        stamp,
                        stamp,
                    )
                    changes.append((None, span))
        detail = {
            "items": [item.key for item in items],
            "choice": choice,
            "decided_by": self.decided_by,
            "coders": [self.first, self.second],
        }
        return self.project.spans.apply_changes(self.into, DECIDE, changes, detail=detail)

    def undo(self) -> Action | None:
        """Undo the latest decision (or accept-agreed)."""
        return self.project.history.undo(self.into)

    def redo(self) -> Action | None:
        """Redo the latest undone decision."""
        return self.project.history.redo(self.into)


def edited_segments(current: list[Segment], code_id: str, start: int, end: int) -> list[Segment]:
    """The consensus in an item after an edit: the code's segments touching `[start, end)` become that range."""
    kept = [s for s in current if s.code_id != code_id or s.end <= start or s.start >= end]
    return sorted([*kept, Segment(start, end, code_id)])
