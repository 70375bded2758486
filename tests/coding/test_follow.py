"""The watch a screen polls: nothing when nothing was committed elsewhere, what another connection
changed sorted by what the screen shows, its own actions left out, and the open testimony following."""

from __future__ import annotations

from annotator.coding.session import CodingSession
from annotator.domain.models import Code, Document
from annotator.storage import Project
from tests.support.coding import CODER, OTHER, open_testimony


def other_connection(session: CodingSession) -> Project:
    """A second connection on the session's project (another process, as SQLite sees it)."""
    return Project.open(session.db_path)


def test_nothing_committed_elsewhere_reads_nothing(session: CodingSession) -> None:
    assert session.watch.poll() is None
    session.add_span("A", "wage", 0, 4)  # the session's own connection: not "elsewhere"
    assert session.watch.poll() is None


def test_a_span_added_elsewhere_is_sorted_by_document_and_owner(session: CodingSession) -> None:
    with other_connection(session) as other:
        span = other.spans.add(CODER, "A", "bribery", 20, 36)
    changes = session.watch.poll()
    assert changes is not None
    assert changes.spans == {"A": {span.id}} and changes.owners == {CODER}
    assert not changes.codes and not changes.document_list and changes.latest is not None
    assert session.watch.poll() is None  # read once


def test_own_actions_are_left_out_when_others_come_in(session: CodingSession) -> None:
    mine = session.add_span("A", "wage", 0, 4)
    with other_connection(session) as other:
        theirs = other.spans.add(OTHER, "A", "bribery", 20, 36)
    changes = session.watch.poll()
    assert changes is not None
    assert changes.spans == {"A": {theirs.id}} and mine.changes[0][1] is not None


def test_codes_documents_and_done_marks_elsewhere(session: CodingSession) -> None:
    with other_connection(session) as other:
        other.codes.add([Code(id="escape", name="Escape", colour="#2ca02c", key="5")])  # no event: seen by count
        other.documents.add([Document(id="N", title="N", text="New testimony.")])
        other.coders.set_done(CODER, "A")
    changes = session.watch.poll()
    assert changes is not None and changes.codes and changes.document_list and changes.progress == {CODER}
    session.follow(changes)
    assert session.code_for_key("5") is not None and session.knows("N") and "A" in session.done


def test_the_open_testimony_follows_spans_removed_and_added_elsewhere_blind(session: CodingSession) -> None:
    kept = session.add_span("A", "wage", 0, 4)
    shown = open_testimony(session)
    with other_connection(session) as other:
        other.spans.remove(CODER, kept.changes[0][1].id)  # type: ignore[union-attr]
        added = other.spans.add(CODER, "A", "bribery", 20, 36)
        hidden = other.spans.add(OTHER, "A", "bribery", 20, 36)  # blind: another coder's span stays hidden
    changes = session.watch.poll()
    assert changes is not None
    ids = changes.spans["A"]
    edit = shown.follow(session.project.changes.spans_by_id(ids), ids)
    assert set(shown.loaded.spans.by_id) == {added.id} and hidden.id not in shown.loaded.spans.by_id
    assert shown.code_counts["bribery"] == 1 and shown.code_counts["wage"] == 0 and edit.rows
    again = shown.follow(session.project.changes.spans_by_id(ids), ids)
    assert again.changes == []  # following twice changes nothing
