"""Section 2 of AGREEMENT.md: spans cut into units (characters, words, sentences, paragraphs, turns).

For code `k`, coder `i` has value 1 on a unit that a segment of theirs with code `k` overlaps,
0 on any other unit, and no value (missing) in a document that does not count for them.

Nothing here walks characters one by one. A document's units are numbered `0 … n−1` (characters
are their own numbers; words, sentences, paragraphs and a transcript's speaker turns are found by bisecting their boundaries),
each segment becomes a range of unit numbers, and between two consecutive range boundaries every
unit has the same value vector. So a (code, document) pair costs one sweep over its segments and
yields `{value vector: number of units}`; the document's other units are all zeros.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from annotator.agreement.spans import PreparedSpans, merge_touching
from annotator.agreement.unit_table import Row, UnitTable
from annotator.domain.errors import InputError
from annotator.domain.intervals import Interval
from annotator.domain.segments import paragraph_bounds, sentence_bounds, word_bounds

UNITS = ("character", "word", "sentence", "paragraph", "turn")
BINARY_CATEGORIES = (0, 1)
"""A coder either coded a unit with the code (1) or did not (0): the whole scale, so q = 2."""

_CUTTERS = {"word": word_bounds, "sentence": sentence_bounds, "paragraph": paragraph_bounds}

RowKey = tuple[int, int]
"""(mask of coders the document counts for, mask of coders whose segments cover the unit)."""


def covered_weights(per_coder: Sequence[Sequence[Interval]]) -> dict[int, int]:
    """`{coverage mask: number of units}` over the units some coder covers (bit `i` = coder `i`).

    Each coder's ranges are merged into covered stretches first; then every stretch boundary
    toggles that coder's bit, and the units between consecutive boundaries share one mask.
    """
    toggles: dict[int, int] = {}
    for index, intervals in enumerate(per_coder):
        bit = 1 << index
        for start, end in merge_touching(intervals):
            toggles[start] = toggles.get(start, 0) ^ bit
            toggles[end] = toggles.get(end, 0) ^ bit
    weights: dict[int, int] = {}
    mask = 0
    previous = 0
    for position in sorted(toggles):
        if mask:
            weights[mask] = weights.get(mask, 0) + position - previous
        mask ^= toggles[position]
        previous = position
    return weights


class UnitTables:
    """The unit tables of section 2 for one prepared project and one kind of unit."""

    def __init__(self, prepared: PreparedSpans, unit: str = "character") -> None:
        if unit not in UNITS:
            raise InputError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
        self.prepared = prepared
        self.unit = unit
        self._bounds: dict[str, tuple[list[int], list[int]]] = {}
        self._covered: dict[tuple[str, str], dict[int, int]] = {}
        if unit not in ("character", "turn"):  # turns come with the data; a document without any has none
            for doc in prepared.documents:
                if prepared.data.text(doc) is None:
                    raise InputError(f"{unit} units need the text of document {doc!r}, not only its length")

    def unit_count(self, document: str) -> int:
        """Number of units in `document`."""
        if self.unit == "character":
            return self.prepared.lengths[document]
        return len(self._unit_bounds(document)[0])

    def _unit_bounds(self, document: str) -> tuple[list[int], list[int]]:
        """Start and end offsets of the document's units (words, sentences, paragraphs or turns)."""
        found = self._bounds.get(document)
        if found is None:
            if self.unit == "turn":
                bounds = sorted((self.prepared.data.turns or {}).get(document, ()))
            else:
                bounds = _CUTTERS[self.unit](self.prepared.data.text(document) or "")
            found = ([start for start, _ in bounds], [end for _, end in bounds])
            self._bounds[document] = found
        return found

    def unit_ranges(self, document: str, intervals: Sequence[Interval]) -> list[Interval]:
        """The unit numbers `[first, last + 1)` each character range overlaps (empty ranges dropped)."""
        if self.unit == "character":
            return list(intervals)
        starts, ends = self._unit_bounds(document)
        ranges = []
        for start, end in intervals:
            first = bisect_right(ends, start)  # first unit ending after `start`
            stop = bisect_left(starts, end)  # units starting before `end`
            if first < stop:
                ranges.append((first, stop))
        return ranges

    def covered(self, code: str, document: str) -> dict[int, int]:
        """`{coverage mask: units}` of `code` in `document`, over the units some coder covers (cached)."""
        key = (code, document)
        found = self._covered.get(key)
        if found is None:
            per_coder = self.prepared.coder_segments(code, document)
            found = covered_weights([self.unit_ranges(document, intervals) for intervals in per_coder])
            self._covered[key] = found
        return found

    def code_rows(self, code: str, weights: Mapping[str, int] | None = None) -> Counter[RowKey]:
        """Unit rows of `code` over the compared documents, each counted `weights[doc]` times (default once)."""
        rows: Counter[RowKey] = Counter()
        prepared = self.prepared
        coded = prepared.segments.get(code, {})
        for doc in prepared.documents if weights is None else weights:
            times = 1 if weights is None else weights[doc]
            present = prepared.present[doc]
            if not present or not times:
                continue
            uncovered = self.unit_count(doc)
            if doc in coded:
                for mask, count in self.covered(code, doc).items():
                    rows[(present, mask)] += times * count
                    uncovered -= count
            rows[(present, 0)] += times * uncovered
        return rows

    def document_rows(self, code: str, document: str) -> Counter[RowKey]:
        """Unit rows of `code` in one document."""
        return self.code_rows(code, {document: 1})

    def table(self, rows: Mapping[RowKey, int]) -> UnitTable:
        """A unit table (values 0 / 1 / missing per coder) from keyed rows."""
        width = len(self.prepared.coders)
        values: dict[Row, int] = {}
        for (present, mask), count in rows.items():
            if count:
                row = _row(present, mask, width)
                values[row] = values.get(row, 0) + count
        return UnitTable(self.prepared.coders, values, BINARY_CATEGORIES, _check=False)


@lru_cache(maxsize=65536)
def _row(present: int, mask: int, width: int) -> Row:
    """The value vector of a unit: 1 where covered, 0 where not, None where the document does not count."""
    return tuple((1 if mask >> index & 1 else 0) if present >> index & 1 else None for index in range(width))
