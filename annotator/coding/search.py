"""Search hits in a testimony, and which hit the next and previous keys select."""

from __future__ import annotations

import re

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

    @property
    def summary(self) -> str:
        """`“bribe”: 2 hits`, or empty without a search."""
        if not self.query:
            return ""
        return f"“{self.query}”: {len(self.hits)} hit{'' if len(self.hits) == 1 else 's'}"

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
