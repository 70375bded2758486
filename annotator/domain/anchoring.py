"""Carry spans and passages across an edit of a document's text: a character diff, then quotes with context."""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Sentence or line units, then words, then characters: a 300,000-character testimony with a
# hundred scattered edits is diffed in milliseconds, where one character-level SequenceMatcher
# (autojunk=False) over the whole text takes minutes. Each unit ends after a line break or a
# run of sentence punctuation (with the spaces after it); the pieces always join to the text.
_UNIT = re.compile(r"[^\n.!?]*[\n.!?]+[ \t]*|[^\n.!?]+")
_WORD = re.compile(r"\s+|\w+|[^\w\s]")
# A unit longer than this (a transcript without full stops or line breaks) is cut after words
# chosen by their content (a CRC of the word), so an edit moves no cut elsewhere and the unit
# diff stays fast; a word ends a piece one time in _CUT_EVERY on average.
_LONG_UNIT = 400
_CUT_EVERY = 16
_SPACED_WORD = re.compile(r"\S+\s*|\s+")
# A changed block larger than this on either side is not refined to characters (it would be
# slow); spans inside it are put on the review list.
_CHARACTER_LIMIT = 20_000
# How much text before and after a quote is its context (as a W3C TextQuoteSelector's prefix
# and suffix), and how far from its mapped place a cut span's quote is looked for.
CONTEXT = 32
SEARCH_RADIUS = 2_000

Opcode = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class Moved:
    """Where one anchor is in the new text: its offsets, and whether a coder must look at it."""

    start: int
    end: int
    review: bool
    how: str  # "kept" (untouched, shifted), "re-anchored" (quote found again), "mapped" (review)


def diff_opcodes(old: str, new: str) -> list[Opcode]:
    """Character-level opcodes (as SequenceMatcher.get_opcodes) turning `old` into `new`."""
    head = _common_prefix(old, new)
    tail = _common_suffix(old[head:], new[head:])
    opcodes: list[Opcode] = []
    if head:
        opcodes.append(("equal", 0, head, 0, head))
    _refine(old, new, head, len(old) - tail, head, len(new) - tail, 0, opcodes)
    if tail:
        opcodes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return _merged(opcodes)


def _common_prefix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:  # binary search on slice comparisons, which run in C
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _pieces(text: str, level: int) -> list[str]:
    if level == 2:
        return list(text)
    if level == 1:
        return _WORD.findall(text)
    pieces: list[str] = []
    for unit in _UNIT.findall(text):
        if len(unit) <= _LONG_UNIT:
            pieces.append(unit)
            continue
        piece: list[str] = []
        for word in _SPACED_WORD.findall(unit):
            piece.append(word)
            if zlib.crc32(word.strip().encode("utf-8")) % _CUT_EVERY == 0:
                pieces.append("".join(piece))
                piece = []
        if piece:
            pieces.append("".join(piece))
    return pieces


def _refine(old: str, new: str, i1: int, i2: int, j1: int, j2: int, level: int, out: list[Opcode]) -> None:
    """Diff old[i1:i2] with new[j1:j2] by pieces of `level`, refining changed blocks one level down."""
    if i1 == i2 and j1 == j2:
        return
    if i1 == i2 or j1 == j2 or (level == 2 and max(i2 - i1, j2 - j1) > _CHARACTER_LIMIT):
        out.append((_change_tag(i1, i2, j1, j2), i1, i2, j1, j2))
        return
    a, b = _pieces(old[i1:i2], level), _pieces(new[j1:j2], level)
    a_at, b_at = _starts(a, i1), _starts(b, j1)
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        s1, s2, t1, t2 = a_at[a1], a_at[a2], b_at[b1], b_at[b2]
        if tag == "equal":
            out.append(("equal", s1, s2, t1, t2))
        elif level < 2:
            _refine(old, new, s1, s2, t1, t2, level + 1, out)
        else:
            out.append((tag, s1, s2, t1, t2))


def _starts(pieces: list[str], offset: int) -> list[int]:
    starts = [offset]
    for piece in pieces:
        starts.append(starts[-1] + len(piece))
    return starts


def _merged(opcodes: list[Opcode]) -> list[Opcode]:
    """Adjacent blocks of the same kind joined (equal with equal, any change with any change)."""
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        if merged and (merged[-1][0] == "equal") == (tag == "equal"):
            last = merged[-1]
            joined = "equal" if tag == "equal" else _change_tag(last[1], i2, last[3], j2)
            merged[-1] = (joined, last[1], i2, last[3], j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _change_tag(i1: int, i2: int, j1: int, j2: int) -> str:
    return "replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert"


class TextMap:
    """Offsets of the old text mapped into the new one, from the opcodes of a diff."""

    def __init__(self, old: str, new: str, opcodes: Sequence[Opcode] | None = None) -> None:
        self.old = old
        self.new = new
        self.opcodes = list(opcodes if opcodes is not None else diff_opcodes(old, new))
        self._old_starts = [op[1] for op in self.opcodes]
        self._old_ends = [op[2] for op in self.opcodes]

    @property
    def changed(self) -> int:
        """How many changed blocks the diff holds."""
        return sum(1 for op in self.opcodes if op[0] != "equal")

    def _block_holding(self, start: int) -> Opcode | None:
        """The block with i1 <= start < i2 (an insertion holds no old character)."""
        index = bisect.bisect_right(self._old_starts, start) - 1
        while index >= 0 and self.opcodes[index][1] == self.opcodes[index][2]:
            index -= 1
        if index < 0 or not self.opcodes[index][1] <= start < self.opcodes[index][2]:
            return None
        return self.opcodes[index]

    def start_of(self, start: int) -> int:
        """Where a span starting at `start` starts now (an insertion just before it stays outside)."""
        block = self._block_holding(start)
        if block is None:
            return len(self.new)
        tag, i1, _, j1, _ = block
        return j1 + (start - i1) if tag == "equal" else j1

    def end_of(self, end: int) -> int:
        """Where a span ending at `end` ends now (an insertion just after it stays outside)."""
        if end == 0:
            return 0
        index = bisect.bisect_left(self._old_ends, end)
        while index < len(self.opcodes) and self.opcodes[index][1] == self.opcodes[index][2]:
            index += 1
        if index >= len(self.opcodes):
            return len(self.new)
        tag, i1, _, j1, j2 = self.opcodes[index]
        return j1 + (end - i1) if tag == "equal" else j2

    def point(self, offset: int) -> tuple[int, bool]:
        """One monotonic map of a boundary (so passages that tile the text still tile it), and
        whether it fell strictly inside a changed block."""
        if offset >= len(self.old):
            return len(self.new), False
        block = self._block_holding(offset)
        assert block is not None
        tag, i1, _, j1, j2 = block
        if tag == "equal":
            return j1 + (offset - i1), False
        return (j1, False) if offset == i1 else (j2, True)

    def untouched(self, start: int, end: int) -> bool:
        """Whether old[start:end] lies inside one unchanged block."""
        block = self._block_holding(start)
        return block is not None and block[0] == "equal" and end <= block[2]

    def move_span(self, start: int, end: int) -> Moved:
        """Carry one span (old offsets, its quote being old[start:end]) into the new text."""
        quote = self.old[start:end]
        if self.untouched(start, end):
            shift = self.start_of(start) - start
            return Moved(start + shift, end + shift, False, "kept")
        mapped_start, mapped_end = self.start_of(start), max(self.start_of(start), self.end_of(end))
        found = self._find_quote(
            quote, self.old[max(0, start - CONTEXT) : start], self.old[end : end + CONTEXT], mapped_start
        )
        if found is not None:
            return Moved(found, found + len(quote), False, "re-anchored")
        if mapped_end == mapped_start:  # all of it deleted: keep one character so the span survives
            if mapped_start < len(self.new):
                mapped_end = mapped_start + 1
            else:
                mapped_start = max(0, mapped_end - 1)
        return Moved(mapped_start, mapped_end, True, "mapped")

    def move_passage(self, start: int, end: int, *, shared_start: bool = False, shared_end: bool = False) -> Moved:
        """Carry one passage: text inserted at its outer edges stays outside, as for a span; a
        boundary it shares with a neighbour (`shared_start`: another passage ends there,
        `shared_end`: another starts there) is carried by one monotonic map, so tiled passages
        still tile (text inserted there joins the earlier one). For review when a boundary fell
        strictly inside an edit, or the passage lost all its text."""
        new_start = self.point(start)[0] if shared_start or start == end else self.start_of(start)
        new_end = self.point(end)[0] if shared_end or start == end else self.end_of(end)
        new_end = max(new_start, new_end)
        inside = self.point(start)[1] or self.point(end)[1]
        review = inside or (end > start and new_end == new_start)
        return Moved(new_start, new_end, review, "mapped" if review else "kept")

    def _find_quote(self, quote: str, prefix: str, suffix: str, near: int) -> int | None:
        """The one place near `near` where the quote is found with its prefix or suffix intact."""
        if not quote:
            return None
        low = max(0, near - SEARCH_RADIUS - len(quote))
        high = min(len(self.new), near + SEARCH_RADIUS + len(quote))
        window = self.new[low:high]
        places: list[int] = []
        at = window.find(quote)
        while at != -1:
            places.append(low + at)
            at = window.find(quote, at + 1)
        if len(places) != 1:
            return None
        place = places[0]
        before_ok = self.new[max(0, place - len(prefix)) : place] == prefix
        after_ok = self.new[place + len(quote) : place + len(quote) + len(suffix)] == suffix
        return place if before_ok or after_ok else None
