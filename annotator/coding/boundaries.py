"""Where the cursor and span boundaries step by a word, sentence or paragraph, and unit selections."""

from __future__ import annotations

import unicodedata

from annotator.coding.text_units import TextUnits
from annotator.domain.models import Span

Range = tuple[int, int]


def step_offset(units: TextUnits, unit: str, offset: int, direction: int) -> int:
    """Where the cursor goes: the end of the next unit (1) or the start of the previous one (-1);
    the text's edges when there is none that way."""
    return units.next_end(unit, offset) if direction > 0 else units.previous_start(unit, offset)


# Boundaries step by token, a word or one punctuation mark, not by word: after narrowing a span's end
# off its closing full stop, widening puts the full stop back rather than jumping to the next word.
# A step never leaves a boundary where coders would differ by a character nobody meant to code: a
# start on a space or on the punctuation closing what came before (the previous sentence's full
# stop), an end after a space or after the punctuation opening what follows; it steps past those.

# Marks that close what comes before them: never the first character of a span.
_CLOSING_MARKS = frozenset(".,;:!?…。、")
# Marks that open what comes after them: never the last character of a span.
_OPENING_MARKS = frozenset("¿¡")


def fits_start(text: str, offset: int) -> bool:
    """Whether a span may start at `offset`: on a character that is neither a space nor a mark closing
    what came before it."""
    if not 0 <= offset < len(text):
        return False
    char = text[offset]
    return not char.isspace() and char not in _CLOSING_MARKS and unicodedata.category(char) not in ("Pe", "Pf")


def fits_end(text: str, offset: int) -> bool:
    """Whether a span may end at `offset`: after a character that is neither a space nor a mark opening
    what comes after it."""
    if not 0 < offset <= len(text):
        return False
    char = text[offset - 1]
    return not char.isspace() and char not in _OPENING_MARKS and unicodedata.category(char) not in ("Ps", "Pi")


def moved_start(units: TextUnits, span: Span, direction: int) -> int | None:
    """The span's start widened (-1) or narrowed (1) to the previous or next word or punctuation
    mark where a span may start (`fits_start`); None when it cannot move that way (at the text's
    start, or narrowing would leave the span empty)."""
    start = span.start
    while True:
        if direction < 0:
            if start == 0:
                return None
            # Inside a word (or between words with none before): one character, so the key always moves.
            start = min(units.previous_start("token", start), start - 1)
        else:
            following = units.next_start("token", start)
            if following is None or following >= span.end:
                return None
            start = following
        if fits_start(units.text, start):
            return start


def moved_end(units: TextUnits, span: Span, direction: int) -> int | None:
    """The span's end narrowed (-1) or widened (1) to the previous or next word or punctuation
    mark where a span may end (`fits_end`); None when it cannot move that way (at the text's end,
    or narrowing would leave the span empty)."""
    length = len(units.text)
    end = span.end
    while True:
        if direction > 0:
            if end >= length:
                return None
            end = max(units.next_end("token", end), end + 1)
        else:
            backward = units.previous_end("token", end)
            if backward is None or backward <= span.start:
                return None
            end = backward
        if fits_end(units.text, end):
            return end


def unit_selection(units: TextUnits, unit: str, start: int, end: int) -> Range | None:
    """The selection a unit key makes: without a selection the unit at the cursor; with one that
    cuts a unit (a search hit, a word) the whole units it touches; with one of whole units, the
    selection grown by the next unit; None when there is nothing (more) to select."""
    if end <= start:
        return units.around(unit, start)
    whole = units.covering(unit, start, end)
    return whole if whole is not None and whole != (start, end) else units.extend(unit, start, end)
