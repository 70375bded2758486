"""Speaker labels as rows of their own: the drawn text, and drawn locations mapped to the words' offsets."""

from __future__ import annotations

from annotator.coding.offsets import LineOffsets
from annotator.coding.turn_labels import LabelledRows
from annotator.coding.turns import TurnInfo, Turns
from tests.support.coding import TURNS_TEXT, four_turns


def _labelled(text: str = TURNS_TEXT, turns: Turns | None = None) -> tuple[LabelledRows, LineOffsets, LineOffsets]:
    lines = LineOffsets(text)
    rows = LabelledRows(text, lines, four_turns() if turns is None else turns)
    return rows, lines, LineOffsets(rows.shown_text)


def test_a_label_row_is_drawn_above_each_turn_and_the_words_are_untouched() -> None:
    rows, _, _ = _labelled()
    assert rows.shown_text.splitlines() == [
        "Interviewer · 00:00:00",
        "Where did you work?",
        "",
        "Mira Lee · 00:01:00",
        "On a site.",
        "",
        "Interviewer · 00:02:00",
        "Paid?",
        "",
        "Mira Lee · 00:03:00",
        "Twice a year.",
    ]
    assert [rows.label_at(row) for row in (0, 1, 3, 10)] == [
        "Interviewer · 00:00:00",
        None,
        "Mira Lee · 00:01:00",
        None,
    ]


def test_every_offset_maps_to_where_it_is_drawn_and_back() -> None:
    rows, lines, shown = _labelled()
    for offset in range(len(TURNS_TEXT) + 1):
        drawn = rows.shown(lines.location(offset))
        # The drawn location holds the same character as the offset in the testimony.
        assert rows.shown_text[shown.offset(drawn) : shown.offset(drawn) + 1] == TURNS_TEXT[offset : offset + 1]
        assert lines.offset(rows.text_location(drawn)) == offset


def test_a_location_on_a_label_stands_for_the_start_of_its_turn() -> None:
    rows, lines, _ = _labelled()
    for turn in four_turns().turns:
        label_row = rows.shown(lines.location(turn.start))[0] - 1
        assert rows.label_at(label_row) is not None
        for column in (0, 5, 40):  # anywhere on the label, even past its end (a mouse click)
            assert lines.offset(rows.text_location((label_row, column))) == turn.start


def test_without_turns_the_drawn_text_is_the_testimony() -> None:
    rows, lines, _ = _labelled(turns=Turns())
    assert not rows and rows.shown_text == TURNS_TEXT
    assert all(rows.shown(lines.location(o)) == lines.location(o) for o in range(len(TURNS_TEXT) + 1))
    assert rows.label_at(0) is None and rows.text_row(3) == 3


def test_turns_starting_in_one_row_share_a_label_row() -> None:
    text = "Yes. No.\n\nMaybe."
    turns = Turns([TurnInfo(0, 4, "A"), TurnInfo(5, 8, "B", time=61.0), TurnInfo(10, 16, "A")])
    rows, lines, _ = _labelled(text, turns)
    assert rows.shown_text == "A / B · 00:01:01\nYes. No.\n\nA\nMaybe."
    assert rows.text_location(rows.shown(lines.location(6))) == lines.location(6)


def test_the_cursor_steps_off_a_label_the_way_it_was_going() -> None:
    rows, _, shown = _labelled()
    label = 3  # "Mira Lee · 00:01:00", under the blank row 2 and above "On a site." (row 4)
    assert rows.label_at(label) is not None
    assert rows.visitable((label, 5), from_row=4) == (2, 0)  # from below: the end of the (blank) row above
    assert rows.visitable((label, 5), from_row=2) == (4, 0)  # from above: the turn's first word
    assert rows.visitable((0, 3), from_row=1) == (1, 0)  # the first label has nothing above it
    assert rows.visitable((1, 7), from_row=9) == (1, 7)  # a row of the text stays as it is
    assert rows.visitable((6, 0), from_row=7) == (5, shown.lengths[5])
