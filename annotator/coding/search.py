"""Search hits in a testimony, and which hit the next and previous keys select."""

from __future__ import annotations

import re
from bisect import bisect_left

Hit = tuple[int, int]


def find_hits(text: str, query: str) -> list[Hit]:
    """Every case-insensitive occurrence of `query` in `text`, as sorted non-overlapping ranges.

    A regex with IGNORECASE rather than `text.lower().find()`: lower-casing can change a text's
    length (e.g. 'İ'), which would shift every offset after it.
    """
    if not query:
        return []
    return [match.span() for match in re.finditer(re.escape(query), text, re.IGNORECASE)]


class Search:
    """The search on the testimony shown: its query and hits, and which hit the keys select."""

    def __init__(self, text: str = "", query: str = "") -> None:
        self.query = query
        self.hits: list[Hit] = find_hits(text, query)

    def run(self, text: str, query: str) -> None:
        """Search `text` for `query` (an empty query clears the search)."""
        self.query = query
        self.hits = find_hits(text, query)

    def clear(self) -> None:
        """No search."""
        self.query = ""
        self.hits = []

    def summary(self, selection: Hit | None = None) -> str:
        """`“bribe”: hit 2 of 5` while the selection is a hit, else `“bribe”: 5 hits`; empty without
        a search."""
        if not self.query:
            return ""
        number = self.number_of(selection) if selection is not None else None
        if number is not None:
            return f"“{self.query}”: hit {number} of {len(self.hits)}"
        return f"“{self.query}”: {len(self.hits)} hit{'' if len(self.hits) == 1 else 's'}"

    def number_of(self, selection: Hit) -> int | None:
        """Which hit (counting from 1) the selection is, if it is one."""
        # Hits are sorted and do not overlap: a bisect finds the one starting there (cursor moves call this).
        index = bisect_left(self.hits, selection)
        return index + 1 if index < len(self.hits) and self.hits[index] == selection else None

    def first_from(self, offset: int) -> Hit | None:
        """The first hit starting at or after `offset`, else the first hit (wrapping around)."""
        if not self.hits:
            return None
        return next((hit for hit in self.hits if hit[0] >= offset), self.hits[0])

    def next_hit(self, offset: int, direction: int) -> Hit | None:
        """The hit after (1) or before (-1) the one starting at `offset`, wrapping around at the ends."""
        if not self.hits:
            return None
        if direction > 0:
            return next((hit for hit in self.hits if hit[0] > offset), self.hits[0])
        return next((hit for hit in reversed(self.hits) if hit[0] < offset), self.hits[-1])
