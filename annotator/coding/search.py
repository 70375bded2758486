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
