"""Cursor and boundary steps by unit at the text's edges and on non-ASCII text; unit selections."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.coding.boundaries import fits_end, fits_start, moved_end, moved_start, step_offset, unit_selection
from annotator.coding.text_units import UNITS, TextUnits
from annotator.domain.models import Span
from tests.support.coding import TEXT_U


def _span(start: int, end: int, text: str = TEXT_U) -> Span:
    return Span("s", "U", "wage", "tester", start, end, text[start:end])


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("text", ["", "x", TEXT_U])
def test_cursor_steps_stay_inside_the_text(unit: str, text: str) -> None:
    units = TextUnits(text)
    assert step_offset(units, unit, 0, -1) == 0
    assert step_offset(units, unit, len(text), 1) == len(text)
    # Stepping forward from the start walks every unit end and stops at the text's end.
    offset, seen = 0, []
    while (following := step_offset(units, unit, offset, 1)) != offset:
        assert following > offset
        seen.append(following)
        offset = following
    assert offset == len(text)


def test_word_steps_on_non_ascii_text_land_on_word_edges() -> None:
    units = TextUnits(TEXT_U)
    assert step_offset(units, "word", 0, 1) == TEXT_U.index(" ")  # end of "Мы"
    korean = TEXT_U.index("한국어")
    assert step_offset(units, "word", korean + 1, -1) == korean
    assert unit_selection(units, "word", korean + 1, korean + 1) == (korean, korean + 3)


def test_span_start_cannot_widen_past_the_text_start_nor_narrow_to_nothing() -> None:
    units = TextUnits(TEXT_U)
    first_word = (0, TEXT_U.index(" "))
    assert moved_start(units, _span(*first_word), -1) is None
    assert moved_start(units, _span(*first_word), 1) is None
    korean = TEXT_U.index("한국어")
    # Widening steps over the previous sentence's full stop (a span never starts on it) to the word before it.
    assert moved_start(units, _span(korean, korean + 7), -1) == TEXT_U.index("взятку")
    assert moved_start(units, _span(korean, korean + 7), 1) == korean + 4


def test_span_end_cannot_widen_past_the_text_end_nor_narrow_to_nothing() -> None:
    units = TextUnits(TEXT_U)
    length = len(TEXT_U)
    assert moved_end(units, _span(length - 4, length), 1) is None
    assert moved_end(units, _span(length - 4, length - 1), -1) is None
    korean = TEXT_U.index("한국어")
    assert moved_end(units, _span(korean, korean + 3), 1) == korean + 7
    assert moved_end(units, _span(korean, korean + 7), -1) == korean + 3


def test_a_boundary_inside_a_word_moves_by_one_character_at_least() -> None:
    units = TextUnits("abc def")
    assert moved_start(units, _span(1, 3, "abc def"), -1) == 0
    assert moved_end(units, _span(0, 5, "abc def"), 1) == 7


def test_unit_selection_grows_and_stops_at_the_end() -> None:
    units = TextUnits(TEXT_U)
    sentence = unit_selection(units, "sentence", 0, 0)
    assert sentence is not None and sentence[0] == 0 and TEXT_U[sentence[1] - 1] == "."
    grown = unit_selection(units, "sentence", *sentence)
    assert grown is not None and grown[0] == 0 and grown[1] > sentence[1]
    everything = (0, len(TEXT_U))
    assert unit_selection(units, "paragraph", *everything) is None
    assert unit_selection(TextUnits(""), "word", 0, 0) is None


def test_a_unit_key_on_part_of_a_unit_selects_the_whole_units_it_touches() -> None:
    text = "They took the wage. We paid a bribe to go.\n\nThe manager watched us."
    units = TextUnits(text)
    bribe = text.index("bribe")
    second = (text.index("We"), text.index("go.") + 3)
    assert unit_selection(units, "sentence", bribe, bribe + len("bribe")) == second  # a search hit
    assert unit_selection(units, "sentence", text.index("wage"), bribe) == (0, second[1])  # across two
    assert unit_selection(units, "paragraph", bribe, bribe + 2) == (0, second[1])
    assert unit_selection(units, "word", bribe + 1, bribe + 3) == (bribe, bribe + len("bribe"))
    # A selection of whole units grows by the next one, as before.
    assert unit_selection(units, "sentence", *second) == (second[0], len(text))


def test_a_span_end_stops_at_each_punctuation_mark_between_words() -> None:
    text = "We paid “a bribe.” Then left."
    units = TextUnits(text)
    bribe_end = text.index(".”")
    closing = (bribe_end + 1, bribe_end + 2)  # after the full stop, after the closing quote
    span = _span(text.index("a bribe"), closing[1], text)
    narrowed = moved_end(units, span, -1)
    assert narrowed == closing[0]
    assert moved_end(units, _span(span.start, closing[0], text), -1) == bribe_end
    # Widening puts back the full stop, then the quote, then reaches the next word.
    assert moved_end(units, _span(span.start, bribe_end, text), 1) == closing[0]
    assert moved_end(units, _span(span.start, closing[0], text), 1) == closing[1]
    assert moved_end(units, _span(span.start, closing[1], text), 1) == text.index(" left")
    # The start likewise stops at the opening quote.
    assert moved_start(units, _span(text.index("a bribe"), closing[1], text), -1) == text.index("“")


def test_an_apostrophe_inside_a_word_is_no_stop() -> None:
    units = TextUnits("We don't pay.")
    assert moved_end(units, _span(0, 2, "We don't pay."), 1) == len("We don't")


_TEXTS = st.text(alphabet="ab’' .,;!?“”-\n", min_size=1, max_size=40)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(text=_TEXTS, data=st.data())
def test_stepping_a_boundary_one_way_then_back_returns_to_it(text: str, data: st.DataObject) -> None:
    units = TextUnits(text)
    tokens = units.bounds("token")
    if not tokens:
        return
    first = data.draw(st.integers(0, len(tokens) - 1))
    last = data.draw(st.integers(first, len(tokens) - 1))
    start, end = tokens[first][0], tokens[last][1]
    span = _span(start, end, text)
    # From a boundary a step may land on (a step never lands on the others, so cannot come back to them).
    assume(fits_start(text, start) and fits_end(text, end))
    for direction in (1, -1):
        moved = moved_end(units, span, direction)
        if moved is not None:
            assert moved_end(units, _span(start, moved, text), -direction) == end
        moved = moved_start(units, span, direction)
        if moved is not None:
            assert moved_start(units, _span(moved, end, text), -direction) == start


def test_widening_a_start_never_takes_the_previous_sentences_full_stop_or_a_space() -> None:
    text = "We paid the broker. The broker kept a part of it.  Then, “we left”."
    units = TextUnits(text)
    the = text.index("The broker")
    assert moved_start(units, _span(the, the + 10, text), -1) == text.index("broker.")
    # Narrowing a start off a word steps over the comma after it; an end never stays after the opening quote.
    then = text.index("Then")
    assert moved_start(units, _span(then, len(text), text), 1) == text.index("“we")
    we = text.index("we left")
    assert moved_end(units, _span(then, we, text), -1) == then + len("Then,")
    assert moved_end(units, _span(0, len(text) - 2, text), 1) == len(text) - 1  # the closing quote, as before


_PROSE = st.text(alphabet="ab ’'.,;!?“”()¿-\n", min_size=1, max_size=40)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(text=_PROSE, data=st.data())
def test_a_boundary_move_never_lands_on_a_space_or_the_punctuation_of_the_neighbouring_text(
    text: str, data: st.DataObject
) -> None:
    units = TextUnits(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = _span(start, end, text)
    for direction in (1, -1):
        moved = moved_start(units, span, direction)
        if moved is not None:
            assert fits_start(text, moved), (text, span.start, moved)
            assert (moved - start) * direction > 0 and moved < end
        elif direction < 0:  # widening gives up only when no place before the start fits
            assert not any(fits_start(text, offset) for offset in range(start))
        moved = moved_end(units, span, direction)
        if moved is not None:
            assert fits_end(text, moved), (text, span.end, moved)
            assert (moved - end) * direction > 0 and moved > start
        elif direction > 0:
            assert not any(fits_end(text, offset) for offset in range(end + 1, len(text) + 1))
