"""How the command palette ranks a command for what was typed: whole-word matches before fuzzy ones."""

from __future__ import annotations


def palette_score(query: str, title: str, fuzzy: float) -> float:
    """The fuzzy score (0 to 1) lifted by one when every typed word is a whole word of the title
    and by one more when the query is the whole title, so `open M` ranks `Open testimony M` above
    `Open testimony A` (whose `testimony` holds an m too)."""
    typed, words = query.casefold().split(), title.casefold().split()
    if not typed or fuzzy <= 0:
        return fuzzy
    whole_words = all(word in words for word in typed)
    return fuzzy + (1.0 if whole_words else 0.0) + (1.0 if typed == words else 0.0)
