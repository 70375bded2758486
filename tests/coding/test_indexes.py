"""The coding core's indexes: line offsets, spans by row, and word/sentence/paragraph steps."""

from __future__ import annotations

from annotator.coding.offsets import LineOffsets
from annotator.coding.span_index import SpanIndex
from annotator.coding.span_order import SpanOrder
from annotator.coding.text_units import TextUnits
from annotator.domain.models import Span


def test_line_offsets_round_trip_with_mixed_breaks() -> None:
    text = "a\r\nbb\u2028ccc\n"
    lines = LineOffsets(text)
    assert [text[start : start + length] for start, length in zip(lines.starts, lines.lengths)] == [
        "a",
        "bb",
        "ccc",
        "",
    ]
    assert lines.location(3) == (1, 0)
    assert lines.offset((2, 3)) == 9


def _span(span_id: str, start: int, end: int, code: str = "c", coder: str = "me") -> Span:
    return Span(span_id, "A", code, coder, start, end, "")


def test_span_index_registers_spans_on_every_row_they_touch() -> None:
    text = "first line\nsecond line\nthird line"
    index = SpanIndex(LineOffsets(text), [_span("a", 6, 15), _span("b", 0, 5)])
    assert list(index.rows_of(index.by_id["a"])) == [0, 1]
    assert [span.id for span in index.on_row(1)] == ["a"]
    assert index.remove("a") == range(2)
    assert list(index.on_row(1)) == []
    assert index.remove("missing") == range(0)


def test_span_index_runs_show_overlaps_outermost_first() -> None:
    text = "abcdefghij"
    index = SpanIndex(LineOffsets(text), [_span("outer", 0, 8, "x"), _span("inner", 2, 4, "y")])
    runs = [(run.start, run.end, [span.id for span in run.spans]) for run in index.runs(0)]
    assert runs == [(0, 2, ["outer"]), (2, 4, ["outer", "inner"]), (4, 8, ["outer"])]
    assert [span.id for span in index.at(3)] == ["inner", "outer"]
    assert [span.id for span in index.overlapping(7, 9)] == ["outer"]


def test_text_units_steps() -> None:
    text = "We paid a bribe. The broker kept it.\n\nNext paragraph here."
    units = TextUnits(text)
    assert units.next_end("word", 0) == 2
    assert units.previous_start("word", 5) == 3
    assert units.around("sentence", 20) == (17, 36)
    assert units.extend("sentence", 0, 16) == (0, 36)
    assert units.around("paragraph", 45) == (38, len(text))
    assert units.next_start("word", 0) == 3
    assert units.previous_end("word", 7) == 2
    assert TextUnits("").around("word", 0) is None


def test_span_order_keeps_text_order_through_changes_and_finds_neighbours() -> None:
    first, middle, last = _span("a", 0, 4), _span("b", 5, 9), _span("c", 10, 12)
    order = SpanOrder([last, first])
    assert order.apply([(None, middle)]) == 1  # inserted between: the list redraws from row 1
    assert [span.id for span in order.spans] == ["a", "b", "c"]
    moved = _span("b", 11, 13)
    assert order.apply([(middle, moved)]) == 1 and [span.id for span in order.spans] == ["a", "c", "b"]
    assert order.index(middle) is None and order.index(moved) == 2
    assert order.neighbour(0, 4, 1) == last and order.neighbour(0, 4, -1) is None
    assert order.neighbour(11, 13, 1) is None and order.neighbour(11, 13, -1) == last
    assert order.apply([(_span("gone", 1, 2), None)]) == 3  # not there: nothing moved
