"""The memo browser's core: every memo listed (span memos beside the others), filtered by kind, author and
words (case and accents folded, as `annotator memos --search`), where each one goes, and edits and removals as undoable actions."""

from __future__ import annotations

import pytest

from annotator.coding.memo_browser import MemoBrowser, MemoFilter, own_memo, write_memo
from annotator.coding.session import CodingSession
from annotator.coding.text_conflict import EditKept
from annotator.storage import Project
from tests.support.coding import CODER, OTHER, TEXT_A


@pytest.fixture
def memos(project: Project) -> Project:
    """A memo of each kind: the project, A, bribery, the (A, bribery) cell by alice, and a span's memo."""
    project.memos.add(CODER, "project", "The study's log.")
    project.memos.add(CODER, "document", "A speaks of wages only when asked.", document_id="A")
    project.memos.add(CODER, "code", "Bribery means paying to be chosen.", code_id="bribery")
    project.memos.add(OTHER, "grid", "Alice: the café owner paid.", document_id="A", code_id="bribery")
    start = TEXT_A.index("We paid")
    project.spans.add(CODER, "A", "bribery", start, start + len("We paid a bribe."), memo="paid up front")
    return project


def test_every_memo_is_listed_by_kind_with_span_memos_beside_the_others(memos: Project, session: CodingSession) -> None:
    browser = MemoBrowser(session)
    entries = browser.entries(MemoFilter())
    assert [entry.kind for entry in entries] == ["project", "document", "code", "grid", "span"]
    assert [entry.target(session.code_name(entry.code_id or "")) for entry in entries] == [
        "the project",
        "testimony A",
        "code Bribery",
        "A × Bribery",
        "a Bribery span in A",
    ]
    assert browser.authors() == [OTHER, CODER]


def test_filters_by_kind_author_and_words_folded_as_the_memo_index_folds_them(
    memos: Project, session: CodingSession
) -> None:
    browser = MemoBrowser(session)
    assert [entry.kind for entry in browser.entries(MemoFilter(kind="span"))] == ["span"]
    assert [entry.author for entry in browser.entries(MemoFilter(author=OTHER))] == [OTHER]
    assert [entry.kind for entry in browser.entries(MemoFilter(text="CAFE owner"))] == ["grid"]
    assert [entry.kind for entry in browser.entries(MemoFilter(text="paid"))] == ["grid", "span"]
    assert browser.entries(MemoFilter(kind="code", text="paid")) == []
    assert MemoFilter(kind="grid", author=OTHER, text="paid").describe() == "kind grid · author alice · “paid”"


def test_edit_and_remove_are_undoable_and_another_authors_memo_is_refused(
    memos: Project, session: CodingSession
) -> None:
    browser = MemoBrowser(session)
    document, grid, span = (browser.entries(MemoFilter(kind=kind))[0] for kind in ("document", "grid", "span"))
    browser.edit(document, "A speaks of wages.")
    assert memos.memos.get(document.id).text == "A speaks of wages."
    session.undo()
    assert memos.memos.get(document.id).text == "A speaks of wages only when asked."
    assert browser.refusal(grid) == (
        f"This memo is alice's: only its author changes it here (`annotator memos edit {grid.id} --owner alice` "
        "changes it on purpose)."
    )
    assert browser.refusal(document) is None
    with pytest.raises(EditKept, match="alice's"):  # refused by the store too; what was typed is kept
        browser.edit(grid, "Mine now.")
    browser.edit(span, "paid in advance")
    assert memos.spans.get(span.id).memo == "paid in advance"
    browser.remove(span)
    assert memos.spans.get(span.id).memo == ""
    session.undo()
    assert memos.spans.get(span.id).memo == "paid in advance"
    browser.remove(document)
    assert memos.memos.find(document.id) is None
    session.undo()
    assert memos.memos.find(document.id) is not None


def test_where_a_memo_goes(memos: Project, session: CodingSession) -> None:
    browser = MemoBrowser(session)
    by_kind = {entry.kind: entry for entry in browser.entries(MemoFilter())}
    start = TEXT_A.index("We paid")
    assert browser.place(by_kind["span"]) == ("A", start, start + len("We paid a bribe."))
    assert browser.place(by_kind["document"]) == ("A", 0, 0)
    assert browser.place(by_kind["grid"]) == ("A", 0, 0)
    assert browser.place(by_kind["project"]) is None


def test_the_coders_own_memo_on_a_thing_is_written_once_then_changed(project: Project, session: CodingSession) -> None:
    project.memos.add(OTHER, "document", "Alice's.", document_id="A")
    assert own_memo(session, "document", "A") is None
    write_memo(session, None, "Mine.", "document", "A")
    own = own_memo(session, "document", "A")
    assert own is not None and own.text == "Mine."
    write_memo(session, own, "Mine, changed.", "document", "A")
    assert sorted(memo.text for memo in project.memos.of("document", document_id="A")) == [
        "Alice's.",
        "Mine, changed.",
    ]


def test_a_memo_written_by_another_connection_is_seen_as_a_memo_change(
    project: Project, session: CodingSession
) -> None:
    """What the open browser and grid follow (their own writes are left out: they showed them)."""
    with Project.open(project.path) as other:
        other.memos.add(OTHER, "document", "Alice's.", document_id="A")
    changes = session.watch.poll()
    assert changes is not None and changes.memos and not changes.spans
    write_memo(session, None, "Mine.", "document", "A")
    assert session.watch.poll() is None  # a commit on its own connection
    assert not session.watch.read().memos  # and its event is the session's own
