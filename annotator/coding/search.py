"""Search hits in a testimony, and which hit the next and previous keys select."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

Hit = tuple[int, int]
# What code-all-hits may widen each hit to before coding it ("" codes the hits as found).
WIDENINGS = ("", "sentence", "paragraph", "turn")


@dataclass(frozen=True)
class SearchTerms:
    """What `/` looks for: the words, whether only whole words and only the same case match, and what
    code-all-hits codes (each hit, or the sentence, paragraph or turn holding it)."""

    query: str = ""
    whole_words: bool = False
    match_case: bool = False
    widen: str = ""

    def cleared(self) -> SearchTerms:
        """The same options without words (what the prompt offers next time after a clear)."""
        return replace(self, query="")

    def describe(self) -> str:
        """`“work” (whole words, match case)`: the words and the options that narrow them."""
        options = [name for name, on in (("whole words", self.whole_words), ("match case", self.match_case)) if on]
        return f"“{self.query}”" + (f" ({', '.join(options)})" if options else "")


def find_hits(text: str, query: str, *, whole_words: bool = False, match_case: bool = False) -> list[Hit]:
    """Every occurrence of `query` in `text` (case-insensitive unless `match_case`; with `whole_words`
    only where no letter or digit touches it on either side), as sorted non-overlapping ranges.

    A regex with IGNORECASE rather than `text.lower().find()`: lower-casing can change a text's
    length (e.g. 'İ'), which would shift every offset after it.
    """
    if not query:
        return []
    pattern = re.escape(query)
    if whole_words:  # lookarounds, not \b: a query may begin or end with a mark ("bribe.")
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return [match.span() for match in re.finditer(pattern, text, 0 if match_case else re.IGNORECASE)]


class Search:
    """The search on the testimony shown: its terms and hits, and which hit the keys select."""

    def __init__(self, text: str = "", terms: SearchTerms | None = None) -> None:
        self.terms = terms or SearchTerms()
        self.hits: list[Hit] = _hits(text, self.terms)

    @property
    def query(self) -> str:
        """The words searched for ("" without a search)."""
        return self.terms.query

    def run(self, text: str, terms: SearchTerms) -> None:
        """Search `text` for `terms` (empty words clear the search)."""
        self.terms = terms
        self.hits = _hits(text, terms)

    def clear(self) -> None:
        """No search (the options stay for the next one)."""
        self.terms = self.terms.cleared()
        self.hits = []

    def summary(self, selection: Hit | None = None) -> str:
        """`“bribe”: hit 2 of 5` while the selection is a hit, else `“bribe”: 5 hits`; empty without
        a search."""
        if not self.query:
            return ""
        number = self.number_of(selection) if selection is not None else None
        if number is not None:
            return f"{self.terms.describe()}: hit {number} of {len(self.hits)}"
        return f"{self.terms.describe()}: {len(self.hits)} hit{'' if len(self.hits) == 1 else 's'}"

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


def _hits(text: str, terms: SearchTerms) -> list[Hit]:
    return find_hits(text, terms.query, whole_words=terms.whole_words, match_case=terms.match_case)


def merged(ranges: list[Hit]) -> list[Hit]:
    """Ranges sorted, with those that overlap or touch joined (two hits in one sentence code it once)."""
    joined: list[Hit] = []
    for start, end in sorted(ranges):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined
