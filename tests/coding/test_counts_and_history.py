"""Counts per testimony and per code after add, remove, undo and redo; what undo says and where it goes."""

from __future__ import annotations

from collections import Counter

from annotator.coding.history import history_step, nothing_to
from annotator.coding.session import CodingSession
from annotator.coding.testimony import OpenTestimony
from annotator.storage import NewSpan
from tests.support.coding import CODER, open_testimony, recount


def assert_counts_match(session: CodingSession, shown: OpenTestimony) -> None:
    per_document, per_code = recount(session, shown)
    assert +session.span_counts == per_document
    assert +Counter(shown.code_counts) == per_code


def test_counts_follow_add_remove_undo_redo(session: CodingSession) -> None:
    shown = open_testimony(session)
    first = session.add_span("A", "wage", 0, 4)
    shown.apply(first)
    shown.apply(session.add_span("A", "bribery", 5, 9))
    shown.apply(session.add_span("U", "wage", 0, 2))  # another testimony: only the per-testimony count moves
    assert_counts_match(session, shown)
    assert shown.code_counts["wage"] == 1 and session.span_counts["A"] == 2
    span = first.changes[0][1]
    assert span is not None
    shown.apply(session.remove_span(span.id))
    assert_counts_match(session, shown)
    for _ in range(4):
        action = session.undo()
        assert action is not None
        shown.apply(action)
        assert_counts_match(session, shown)
    assert session.undo() is None
    assert sum(session.span_counts.values()) == 0
    redone = session.redo()
    assert redone is not None
    shown.apply(redone)
    assert_counts_match(session, shown)


def test_apply_keeps_the_index_and_the_text_order_in_step(session: CodingSession) -> None:
    shown = open_testimony(session)
    edit = shown.apply(session.add_span("A", "wage", 20, 36))
    assert edit.rows == {0} and edit.first_listed == 0 and len(edit.changes) == 1
    assert [span.code_id for span in shown.under_cursor(25)] == ["wage"]
    assert shown.neighbour(0, 0, 1) is not None and shown.neighbour(20, 36, 1) is None
    elsewhere = shown.apply(session.add_span("U", "wage", 0, 2))
    assert elsewhere.changes == [] and elsewhere.rows == set()


def test_history_step_says_what_and_where(session: CodingSession) -> None:
    session.add_span("A", "bribery", 20, 36)
    undone = session.undo()
    assert undone is not None
    step = history_step(undone, "Undone")
    assert step.message == "Undone: coding bribery 20–36 in A." and step.place == (20, 36) and step.document_id == "A"
    redone = session.redo()
    assert redone is not None and history_step(redone, "Redone").message == "Redone: coding bribery 20–36 in A."
    assert nothing_to("Redone") == "Nothing to redo."


def test_history_step_names_each_kind_of_span_change(session: CodingSession) -> None:
    span = session.add_span("A", "bribery", 20, 36).changes[0][1]
    assert span is not None
    session.recode_span(span.id, "wage")
    assert history_step(session.undo(), "Undone").message == "Undone: recoding bribery → wage at 20–36 in A."  # type: ignore[arg-type]
    session.resize_span(span.id, 20, 30)
    assert history_step(session.undo(), "Undone").message == "Undone: resizing bribery 20–36 → 20–30 in A."  # type: ignore[arg-type]
    session.set_memo(span.id, "a memo")
    assert history_step(session.undo(), "Undone").message == "Undone: the memo on bribery 20–36 in A."  # type: ignore[arg-type]
    session.remove_span(span.id)
    assert history_step(session.undo(), "Undone").message == "Undone: removal of bribery 20–36 in A."  # type: ignore[arg-type]


def test_undoing_a_done_mark_or_a_new_code_keeps_the_session_in_step(session: CodingSession) -> None:
    session.set_done("A", True)
    action = session.undo()
    assert action is not None and action.changes == ()
    assert "A" not in session.done
    step = history_step(action, "Undone")
    assert step.message == "Undone: marking A done." and step.document_id == "A" and step.place is None
    code = session.create_code("Debt bondage")
    assert code.id in session.codes_by_id
    action = session.undo()
    assert action is not None and code.id not in session.codes_by_id
    assert history_step(action, "Undone").message == "Undone: the new code “Debt bondage”."


def _undone(session: CodingSession) -> str:
    action = session.undo()
    assert action is not None
    return history_step(action, "Undone", session.code_name).message


def _redone(session: CodingSession) -> str:
    action = session.redo()
    assert action is not None
    return history_step(action, "Redone", session.code_name).message


def test_every_kind_of_action_says_what_it_undid(session: CodingSession) -> None:
    project = session.project
    session.set_done("A", True)
    session.set_done("A", False)
    assert _undone(session) == "Undone: marking A not done."
    assert _redone(session) == "Redone: marking A not done."
    project.codes.edit(CODER, "wage", name="Wage theft")
    assert _undone(session) == "Undone: edited code 'wage': name."  # as the CLI's undo says it
    project.codes.move(CODER, "wage", "bribery")
    assert _undone(session) == "Undone: moved code 'wage' under 'bribery'."
    project.codes.delete(CODER, "surveillance")
    assert _undone(session) == "Undone: deleted code 'surveillance'."
    project.documents.set_attributes(CODER, "A", {"gender": "Female"})
    assert _undone(session) == "Undone: the attribute change of A."
    project.documents.set_all_attributes(CODER, {"A": {"x": "1"}, "U": {"x": "2"}})
    assert _undone(session) == "Undone: the attribute change of 2 documents."


def test_bulk_coding_is_counted_by_code_and_goes_to_its_first_span(session: CodingSession) -> None:
    session.project.spans.add_many(CODER, [NewSpan("A", "bribery", 0, 4), NewSpan("A", "bribery", 20, 22)])
    action = session.undo()
    assert action is not None
    step = history_step(action, "Undone", session.code_name)
    assert step.message == "Undone: coding 2 spans with Bribery in A." and step.place == (0, 4)
    session.project.spans.add_many(CODER, [NewSpan("A", "bribery", 0, 4), NewSpan("U", "wage", 0, 2)])
    assert _undone(session) == "Undone: coding Bribery 0–4 and 1 more span change in 2 testimonies."


def test_a_recoding_is_named_by_code_names(session: CodingSession) -> None:
    span = session.add_span("A", "bribery", 20, 36).changes[0][1]
    assert span is not None
    session.recode_span(span.id, "surveillance")
    assert _undone(session) == "Undone: recoding Bribery → Surveillance at 20–36 in A."
