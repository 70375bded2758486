"""A code suggestion: a unit of a document and a code proposed for it, with its score and reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposal that `[start, end)` of a document be coded `code_id`, made for one coder.

    Never a span: it becomes one only when the coder accepts it. `score` is the suggester's
    confidence in 0..1, `why` the rule that fired or the strongest words, `unit` the kind of unit
    (sentence, paragraph, turn), `suggester` the version of what made it.
    """

    id: str
    document_id: str
    start: int
    end: int
    code_id: str
    score: float
    why: str
    unit: str
    suggester: str


def suggestion_id(coder: str, document_id: str, start: int, end: int, code_id: str) -> str:
    """A short id that stays the same for the same coder, unit and code, so `suggest accept ID`
    still works after suggestions are made again."""
    key = "\x1f".join((coder, document_id, str(start), str(end), code_id))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
