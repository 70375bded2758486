"""The suggestions the coding screen shows: text order, stepping, what accept and reject act on, the rows marked."""

from __future__ import annotations

from annotator.coding.offsets import LineOffsets
from annotator.coding.suggestion_marks import SuggestionMarks, no_suggestions
from annotator.domain.suggestions import Suggestion

TEXT = "First paragraph here.\n\nSecond one, longer,\nover two rows.\n\nThird."


def _suggestion(key: str, start: int, end: int, code: str, score: float, document: str = "A") -> Suggestion:
    return Suggestion(key, document, start, end, code, score, "why", "paragraph", "v1")


FIRST = _suggestion("a", 0, 21, "wage", 0.5)
FIRST_TOO = _suggestion("b", 0, 21, "bribery", 0.9)
SECOND = _suggestion("c", 23, 57, "surveillance", 0.7)
THIRD = _suggestion("d", 59, 65, "wage", 0.2)
ELSEWHERE = _suggestion("e", 0, 5, "wage", 0.9, document="B")


def _marks() -> SuggestionMarks:
    return SuggestionMarks("A", [THIRD, SECOND, FIRST, FIRST_TOO, ELSEWHERE], LineOffsets(TEXT))


def test_kept_in_text_order_the_higher_score_first_and_only_this_testimony() -> None:
    assert [s.id for s in _marks().items] == ["b", "a", "c", "d"]


def test_stepping_visits_each_code_of_a_stretch_then_moves_on_and_back() -> None:
    marks = _marks()
    seen = []
    start = end = 0
    while (found := marks.step(start, end, 1)) is not None:
        seen.append(found.id)
        start, end = found.start, found.end
    assert seen == ["b", "a", "c", "d"]
    back = []
    while (found := marks.step(start, end, -1)) is not None:
        back.append(found.id)
        start, end = found.start, found.end
    assert back == ["c", "a", "b"]


def test_from_a_cursor_the_next_suggestion_starts_after_it() -> None:
    marks = _marks()
    assert marks.step(10, 10, 1) == SECOND
    assert marks.step(30, 30, -1) == SECOND  # back from inside one: to its start
    assert marks.step(23, 57, -1) == FIRST  # and from it, the stop before
    assert marks.step(65, 65, 1) is None


def test_the_target_is_the_one_stepped_to_else_the_best_under_the_cursor() -> None:
    marks = _marks()
    assert marks.target(5, 5) == FIRST_TOO  # the higher score under the cursor
    marks.step(0, 0, 1)
    assert marks.step(0, 21, 1) == FIRST  # second stop on the same stretch
    assert marks.target(0, 21) == FIRST  # accept acts on the one stepped to, not the higher score
    assert marks.target(30, 30) == SECOND
    assert marks.target(22, 22) is None  # the blank line between paragraphs
    assert marks.target(57, 57) is None  # end-exclusive


def test_rows_each_suggestion_marks_and_drop_redraws_only_those() -> None:
    marks = _marks()
    assert marks.on_row(0) == [(0, 21, "bribery"), (0, 21, "wage")]
    assert marks.on_row(2) == [(0, 19, "surveillance")]
    assert marks.on_row(3) == [(0, 14, "surveillance")]
    assert marks.on_row(1) == []
    assert marks.drop("b") == {0}
    assert marks.on_row(0) == [(0, 21, "wage")]
    assert marks.drop("c") == {2, 3}
    assert marks.rows() == {0, 5}
    assert marks.drop("gone") == set()
    assert [s.id for s in marks.items] == ["a", "d"]


def test_no_suggestions_is_empty() -> None:
    empty = no_suggestions()
    assert len(empty) == 0 and empty.target(0, 0) is None and empty.step(0, 0, 1) is None and empty.rows() == set()
