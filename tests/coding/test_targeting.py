"""Which span the span actions work on: exact match, overlap, cursor, innermost then newest, own only."""

from __future__ import annotations

from annotator.coding.session import CodingSession, read_document
from annotator.coding.testimony import OpenTestimony
from tests.support.coding import OTHER, TEXT_A, open_testimony


def _place(quote: str) -> tuple[int, int]:
    start = TEXT_A.index(quote)
    return start, start + len(quote)


def test_exact_selection_wins_over_a_wider_overlap(session: CodingSession) -> None:
    session.add_span("A", "wage", *_place("They took the wage. We paid a bribe."))
    session.add_span("A", "bribery", *_place("We paid a bribe."))
    shown = open_testimony(session)
    outer = shown.target(*_place("They took the wage. We paid a bribe."))
    assert outer is not None and outer.code_id == "wage"
    # A selection matching no span exactly takes the innermost overlapping one.
    inner = shown.target(*_place("paid a"))
    assert inner is not None and inner.code_id == "bribery"


def test_cursor_targets_the_innermost_span_and_the_newest_of_equals(session: CodingSession) -> None:
    start, end = _place("We paid a bribe.")
    session.add_span("A", "wage", start, end)
    session.add_span("A", "bribery", start, end)
    shown = open_testimony(session)
    target = shown.target(start + 3, start + 3)
    assert target is not None and target.code_id == "bribery"


def test_a_cursor_right_after_a_span_still_names_it(session: CodingSession) -> None:
    start, end = _place("We paid a bribe.")
    session.add_span("A", "bribery", start, end)
    shown = open_testimony(session)
    target = shown.target(end, end)
    assert target is not None and (target.start, target.end) == (start, end)
    assert [span.code_id for span in shown.under_cursor(end)] == ["bribery"]
    assert shown.target(0, 0) is None and shown.under_cursor(0) == []


def test_other_coders_spans_are_never_targets(session: CodingSession) -> None:
    start, end = _place("The manager watched us.")
    session.project.spans.add(OTHER, "A", "surveillance", start, end)
    everyone = OpenTestimony(read_document(session.project, session.coder, "A", True), session.coder)
    assert [span.coder for span in everyone.under_cursor(start)] == [OTHER]
    assert everyone.target(start, end) is None


def test_a_stretch_inside_the_coders_own_span_of_that_code_is_already_coded(session: CodingSession) -> None:
    sentence = _place("We paid a bribe.")
    session.add_span("A", "bribery", *sentence)
    session.project.spans.add(OTHER, "A", "wage", *_place("They took the wage."))
    shown = open_testimony(session)
    holding = shown.already_coded("bribery", *_place("paid a"))
    assert holding is not None and (holding.start, holding.end) == sentence
    assert shown.already_coded("bribery", *sentence) is not None  # the very same stretch
    assert shown.already_coded("wage", *_place("paid a")) is None  # another code
    assert shown.already_coded("bribery", *_place("wage. We paid")) is None  # reaches outside it
    assert shown.already_coded("wage", *_place("took")) is None  # someone else's span
