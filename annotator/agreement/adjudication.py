"""Adjudication: walk where two coders differ and write the agreed coding as a coder of its own.

The text both coders coded is cut into *items*: the connected groups of overlapping spans of
either coder in one document, whatever their codes. An item is *agreed* when both coders have the
same segments in it (same codes, same boundaries, a coder's overlapping spans of one code merged),
else it is a *disagreement*. A decision writes the chosen segments as spans of the consensus coder
(the pair's own, `consensus-ann-bob`, unless named otherwise), replacing what that coder had in the
item, as one undoable action of kind `decide` whose event detail records the item, the choice, the
pair and who decided.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from annotator.agreement.spans import merge_overlapping
from annotator.domain.consensus import consensus_name
from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.storage import Action, Project, new_span_ids
from annotator.storage.database import now

CHOICES = ("a", "b", "both", "neither", "edit", "agreed")
DECIDE = "decide"


@dataclass(frozen=True, order=True)
class Segment:
    """A stretch `[start, end)` coded with one code (a coder's overlapping spans of it merged)."""

    start: int
    end: int
    code_id: str


@dataclass(frozen=True)
class Item:
    """One place to decide: a document stretch and each coder's segments in it."""

    document_id: str
    start: int
    end: int
    first: tuple[Segment, ...]
    second: tuple[Segment, ...]

    @cached_property
    def agreed(self) -> bool:
        """Whether both coders coded the stretch identically."""
        return self.first == self.second

    @cached_property  # read for every item on every redraw of a long list: hash it once
    def key(self) -> str:
        """A stable id of this item: it changes when either coder's segments in it change."""
        text = repr((self.document_id, self.first, self.second))
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]

    def segments(self, choice: str) -> tuple[Segment, ...]:
        """The segments a choice keeps: `a`, `b`, `both` (merged per code), `neither`, `agreed`."""
        if choice in ("a", "agreed"):
            return self.first
        if choice == "b":
            return self.second
        if choice == "both":
            return tuple(_merge_segments((*self.first, *self.second)))
        if choice == "neither":
            return ()
        raise InputError(f"choice {choice!r} is not one of a, b, both, neither")


def _merge_segments(segments: Iterable[Segment]) -> list[Segment]:
    by_code: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for segment in segments:
        by_code[segment.code_id].append((segment.start, segment.end))
    return sorted(
        Segment(start, end, code) for code, ranges in by_code.items() for start, end in merge_overlapping(ranges)
    )


def build_items(document_id: str, first: Sequence[Span], second: Sequence[Span]) -> list[Item]:
    """Group the two coders' spans of one document into items, in offset order."""
    segments = {
        0: _merge_segments(Segment(s.start, s.end, s.code_id) for s in first),
        1: _merge_segments(Segment(s.start, s.end, s.code_id) for s in second),
    }
    tagged = sorted((segment, side) for side, found in segments.items() for segment in found)
    items: list[Item] = []
    group: list[tuple[Segment, int]] = []
    reach = 0  # the furthest end of the group so far
    for segment, side in tagged:
        if group and segment.start >= reach:
            items.append(_item(document_id, group))
            group = []
        reach = max(reach, segment.end) if group else segment.end
        group.append((segment, side))
    if group:
        items.append(_item(document_id, group))
    return items


def _item(document_id: str, group: list[tuple[Segment, int]]) -> Item:
    return Item(
        document_id,
        min(segment.start for segment, _ in group),
        max(segment.end for segment, _ in group),
        tuple(sorted(segment for segment, side in group if side == 0)),
        tuple(sorted(segment for segment, side in group if side == 1)),
    )


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
        coders = set(project.coders())
        for name in (first, second):
            if name not in coders:
                raise InputError(f"no coder {name!r} in the project (coders: {', '.join(sorted(coders)) or 'none'})")
        self.project = project
        self.first, self.second, self.into = first, second, into
        self.decided_by = decided_by
        self.all_documents = all_documents

    def documents(self) -> list[str]:
        """Documents that count for both coders (done, or holding a span), in project order."""
        ids = self.project.document_ids()
        if self.all_documents:
            return ids
        counted = []
        for coder in (self.first, self.second):
            counted.append(self.project.done_documents(coder) | set(self.project.span_counts_by_document(coder)))
        return [doc for doc in ids if doc in counted[0] and doc in counted[1]]

    def items(self) -> list[Item]:
        """Every item of the compared documents, in document and offset order."""
        found: list[Item] = []
        for document_id in self.documents():
            found.extend(
                build_items(
                    document_id,
                    self.project.spans(document_id=document_id, coder=self.first),
                    self.project.spans(document_id=document_id, coder=self.second),
                )
            )
        return found

    def decisions(self) -> dict[str, str]:
        """The choice in effect for each decided item key (undone decisions are not in effect)."""
        decided: dict[str, str] = {}
        for _batch, detail in self.project.active_actions(self.into, DECIDE):
            for key in detail.get("items", []):
                decided[key] = detail.get("choice", "")
        return decided

    def reused_decisions(self) -> dict[tuple[str, str], int]:
        """Decisions in effect in the consensus coder that were made for other pairs (a name shared
        by several pairs): how many items of each pair."""
        this = {self.first, self.second}
        items: dict[tuple[str, str], set[str]] = defaultdict(set)
        for _batch, detail in self.project.active_actions(self.into, DECIDE):
            coders = detail.get("coders", [])
            if len(coders) == 2 and set(coders) != this:
                items[(coders[0], coders[1])].update(detail.get("items", []))
        return {pair: len(keys) for pair, keys in items.items()}

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
        self.project.ensure_coder(self.into)
        for document_id, document_items in by_document.items():
            existing = self.project.spans(document_id=document_id, coder=self.into)
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
        return self.project.apply_changes(self.into, DECIDE, changes, detail=detail)

    def undo(self) -> Action | None:
        """Undo the latest decision (or accept-agreed)."""
        return self.project.undo(self.into)

    def redo(self) -> Action | None:
        """Redo the latest undone decision."""
        return self.project.redo(self.into)


def edited_segments(current: list[Segment], code_id: str, start: int, end: int) -> list[Segment]:
    """The consensus in an item after an edit: the code's segments touching `[start, end)` become that range."""
    kept = [s for s in current if s.code_id != code_id or s.end <= start or s.start >= end]
    return sorted([*kept, Segment(start, end, code_id)])
