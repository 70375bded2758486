"""Where the cursor and span boundaries step by a word, sentence or paragraph, and unit selections."""

from __future__ import annotations

from annotator.coding.text_units import TextUnits
from annotator.domain.models import Span

Range = tuple[int, int]


def step_offset(units: TextUnits, unit: str, offset: int, direction: int) -> int:
    """Where the cursor goes: the end of the next unit (1) or the start of the previous one (-1);
    the text's edges when there is none that way."""
    return units.next_end(unit, offset) if direction > 0 else units.previous_start(unit, offset)


# Boundaries step by token, a word or one punctuation mark, not by word: after narrowing a span's end
# off its closing full stop, widening puts the full stop back rather than jumping to the next word.


def moved_start(units: TextUnits, span: Span, direction: int) -> int | None:
    """The span's start widened (-1) or narrowed (1) to the previous or next word or punctuation
    mark; None when it cannot move that way (at the text's start, or narrowing would leave the span
    empty)."""
    if direction < 0:
        if span.start == 0:
            return None
        start = units.previous_start("token", span.start)
        # Inside a word (or between words with none before): one character, so the key always moves.
        return span.start - 1 if start >= span.start else start
    forward = units.next_start("token", span.start)
    return None if forward is None or forward >= span.end else forward


def moved_end(units: TextUnits, span: Span, direction: int) -> int | None:
    """The span's end narrowed (-1) or widened (1) to the previous or next word or punctuation
    mark; None when it cannot move that way (at the text's end, or narrowing would leave the span
    empty)."""
    length = len(units.text)
    if direction > 0:
        if span.end >= length:
            return None
        end = units.next_end("token", span.end)
        return span.end + 1 if end <= span.end else end
    backward = units.previous_end("token", span.end)
    return None if backward is None or backward <= span.start else backward


def unit_selection(units: TextUnits, unit: str, start: int, end: int) -> Range | None:
    """The selection a unit key makes: without a selection the unit at the cursor; with one that
    cuts a unit (a search hit, a word) the whole units it touches; with one of whole units, the
    selection grown by the next unit; None when there is nothing (more) to select."""
    if end <= start:
        return units.around(unit, start)
    whole = units.covering(unit, start, end)
    return whole if whole is not None and whole != (start, end) else units.extend(unit, start, end)
