"""The adjudication screen's decisions without the screen: which item comes next, how far an edit may reach, what the consensus holds.

The items of two coders are in document and offset order and never overlap; `decided` maps an
item's key to the choice in effect. Everything here is plain data, so it is tested without a
terminal (tests/agreement/test_adjudication_queue.py) and the screen only draws what it answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from annotator.domain.adjudication_items import Item, Segment


class CodedStretch(Protocol):
    """Anything with a start, an end and a code id: a stored span of the consensus coder."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def code_id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Progress:
    """What the progress line says: items decided, disagreements settled, disagreements, agreed items."""

    decided: int
    items: int
    settled: int
    disagreements: int

    @property
    def agreed(self) -> int:
        """Items both coders coded identically."""
        return self.items - self.disagreements


class ItemQueue:
    """The items of two coders and the decisions in effect: the order the screen steps through them in."""

    def __init__(self, items: Sequence[Item] = (), decided: Mapping[str, str] | None = None) -> None:
        self.items = list(items)
        self.position = {item.key: index for index, item in enumerate(self.items)}
        self.disagreements = sum(1 for item in self.items if not item.agreed)
        self.decided: dict[str, str] = dict(decided or {})

    def redecide(self, decided: Mapping[str, str]) -> set[str]:
        """Take the decisions now in effect; the keys whose decision changed."""
        before, self.decided = self.decided, dict(decided)
        return {key for key in before.keys() | self.decided.keys() if before.get(key) != self.decided.get(key)}

    def progress(self) -> Progress:
        """Counts for the progress line (over the decisions, not the items: a project has tens of thousands)."""
        decided = [self.items[self.position[key]] for key in self.decided if key in self.position]
        settled = sum(1 for item in decided if not item.agreed)
        return Progress(len(decided), len(self.items), settled, self.disagreements)

    def next_open(self, index: int, step: int) -> int | None:
        """The next disagreement from `index` that way (1 or -1), undecided ones first, else the first decided one."""
        first_decided = None
        for i in self._order(index, step):  # stops at the first undecided one: no walk over every item per key
            item = self.items[i]
            if item.agreed:
                continue
            if item.key not in self.decided:
                return i
            if first_decided is None:
                first_decided = i
        return first_decided

    def first(self) -> int:
        """Where the screen opens: the first undecided disagreement, else the first disagreement, else item 0."""
        found = self.next_open(-1, 1)
        return found if found is not None else 0

    def next_disagreement(self, index: int | None, step: int) -> int | None:
        """The next disagreement that way, decided or not (the `[` and `]` keys); None at the end."""
        start = index if index is not None else -1
        return next((i for i in self._order(start, step) if not self.items[i].agreed), None)

    def after_decision(self, index: int) -> int | None:
        """Where to go once item `index` is decided: the next undecided disagreement after it, else the
        first undecided one from the top; None when every disagreement is decided."""
        following = self.next_open(index, 1)
        if following is None or self.items[following].key in self.decided:
            following = self.next_open(-1, 1)
        if following is not None and self.items[following].key not in self.decided:
            return following
        return None

    def all_decided(self) -> bool:
        """Whether every disagreement has a decision."""
        return all(item.key in self.decided for item in self.items if not item.agreed)

    def index_of(self, key: str | None, fallback: int | None) -> int:
        """The index of the item with `key` after a re-read, or the nearest to `fallback` when it is gone."""
        if key is not None and key in self.position:
            return self.position[key]
        if key is None:
            return 0
        return min(fallback or 0, len(self.items) - 1)

    def first_changed(self, keys: Iterable[str]) -> int | None:
        """The first item among `keys` (an undo or redo goes there)."""
        return min((self.position[key] for key in keys if key in self.position), default=None)

    def room(self, index: int, text_length: int | None = None) -> tuple[int, int]:
        """How far an edit of item `index` may reach: up to the neighbouring items of the same testimony
        (items are in order and do not overlap, so the neighbours are adjacent), else the text's ends.

        `text_length` is the testimony's length when it is loaded; without it the item's end bounds it.
        """
        item = self.items[index]
        before = self.items[index - 1] if index > 0 else None
        after = self.items[index + 1] if index + 1 < len(self.items) else None
        lo = before.end if before is not None and before.document_id == item.document_id else 0
        if after is not None and after.document_id == item.document_id:
            return lo, after.start
        return lo, max(text_length if text_length is not None else item.end, item.end)

    def _order(self, index: int, step: int) -> range:
        """The indices after `index` that way."""
        return range(index + step, len(self.items)) if step > 0 else range(index + step, -1, -1)


def consensus_in(spans: Iterable[CodedStretch], room: tuple[int, int]) -> list[Segment]:
    """The consensus coder's segments that reach into `room`, sorted (what the item's consensus line shows)."""
    lo, hi = room
    return sorted(Segment(span.start, span.end, span.code_id) for span in spans if span.start < hi and span.end > lo)


def edit_range(selection: tuple[int, int], room: tuple[int, int]) -> tuple[int, int] | None:
    """The selection cut to the item's room; None when nothing of it is left."""
    start, end = max(selection[0], room[0]), min(selection[1], room[1])
    return (start, end) if end > start else None
