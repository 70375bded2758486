"""Adjudication items: where two coders' spans overlap in a document, and the key decisions name them by.

The text both coders coded is cut into *items*: the connected groups of overlapping spans of
either coder in one document, whatever their codes. An item's key is a hash of the document and
each coder's segments in it (offsets included), so it changes when either coder's coding there
changes, and when a text correction moves it (storage then carries the decision across:
`annotator/storage/decision_keys.py`).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from annotator.domain.errors import InputError
from annotator.domain.intervals import merge_overlapping
from annotator.domain.models import Span

DECIDE = "decide"  # the kind of action (and event) a decision is


@dataclass(frozen=True, order=True, repr=False)
class Segment:
    """A stretch `[start, end)` coded with one code (a coder's overlapping spans of it merged)."""

    start: int
    end: int
    code_id: str

    def __repr__(self) -> str:
        # Item keys hash this text, so it must stay what the dataclass wrote (keys in old projects'
        # decisions); written out, it costs a third of the dataclass's (a correction hashes every item).
        return f"Segment(start={self.start!r}, end={self.end!r}, code_id={self.code_id!r})"


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
            return tuple(merge_segments((*self.first, *self.second)))
        if choice == "neither":
            return ()
        raise InputError(f"choice {choice!r} is not one of a, b, both, neither")


def merge_segments(segments: Iterable[Segment]) -> list[Segment]:
    """The segments with overlapping ones of one code merged, sorted."""
    by_code: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for segment in segments:
        by_code[segment.code_id].append((segment.start, segment.end))
    return sorted(
        Segment(start, end, code) for code, ranges in by_code.items() for start, end in merge_overlapping(ranges)
    )


def build_items(document_id: str, first: Sequence[Span], second: Sequence[Span]) -> list[Item]:
    """Group the two coders' spans of one document into items, in offset order."""
    segments = {
        0: merge_segments(Segment(s.start, s.end, s.code_id) for s in first),
        1: merge_segments(Segment(s.start, s.end, s.code_id) for s in second),
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


def item_keys_of_spans(items: Sequence[Item], spans: Iterable[Span]) -> dict[str, str]:
    """The key of the item each span (of the items' two coders) lies in, by span id."""
    # Items are disjoint stretches in offset order and every span lies inside one: the last item
    # starting at or before the span's start holds it.
    starts = [item.start for item in items]
    return {span.id: items[bisect_right(starts, span.start) - 1].key for span in spans}
