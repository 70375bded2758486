"""An in-vivo code's name from the words a coder selected (as NVivo, MAXQDA and ATLAS.ti start one)."""

from __future__ import annotations

import unicodedata

# Long enough for a telling phrase ("sent money home through a broker"), short enough for a codebook row.
IN_VIVO_LENGTH = 40


def _is_edge_mark(char: str) -> bool:
    """A space, quote or punctuation mark: what a name never starts or ends with."""
    return char.isspace() or unicodedata.category(char).startswith("P")


def in_vivo_name(quote: str, length: int = IN_VIVO_LENGTH) -> str:
    """The selected words as a code name: on one line, without the quotes and marks around them, cut
    after the last whole word that fits in `length` characters; "" when nothing is left."""
    # Control and format characters (bidirectional marks ...) are no part of a name: they go first.
    visible = "".join(char for char in quote if unicodedata.category(char) not in ("Cc", "Cf") or char.isspace())
    words = " ".join(visible.split())
    if len(words) > length:
        cut = words[: length + 1]
        words = cut.rsplit(" ", 1)[0] if " " in cut else words[:length]
    start, end = 0, len(words)
    while start < end and _is_edge_mark(words[start]):
        start += 1
    while end > start and _is_edge_mark(words[end - 1]):
        end -= 1
    return words[start:end]
