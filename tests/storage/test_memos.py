"""The memo store: project, document, code and grid memos, each action undoable, bad input refused with nothing written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.memos import Memo
from annotator.storage import Project
from annotator.storage.check import check_database
from tests.support import database_fingerprint


def _add(
    project: Project, author: str = "ann", kind: str = "code", text: str = "Wages *vanish*.", **target: str
) -> Memo:
    if kind == "code" and not target:
        target = {"code_id": "wage-deduction"}
    action = project.memos.add(author, kind, text, **target)
    return project.memos.get(action.detail["memo"])


def test_a_memo_on_each_kind_of_target_is_stored_and_listed(small_project: Path) -> None:
    with Project.open(small_project) as project:
        on_project = _add(project, kind="project", text="Overall: fear.")
        on_document = _add(project, kind="document", document_id="A")
        on_code = _add(project, kind="code", code_id="bribery")
        on_cell = _add(project, kind="grid", document_id="A", code_id="bribery", text="A paid to be chosen.")
        assert project.memos.of("project") == [on_project]
        assert project.memos.of("document", "A") == [on_document]
        assert project.memos.of("document", "B") == []
        assert project.memos.of("code", code_id="bribery") == [on_code]
        assert project.memos.of("grid", "A", "bribery") == [on_cell]
        assert (on_cell.kind, on_cell.document_id, on_cell.code_id, on_cell.author) == ("grid", "A", "bribery", "ann")
        assert list(project.memos.all()) == [on_project, on_document, on_code, on_cell]
        assert list(check_database(project.db)) == []


def test_a_target_that_does_not_fit_the_kind_is_refused() -> None:
    from annotator.domain.memos import check_target

    for kind, document, code in (
        ("project", "A", None),
        ("document", None, None),
        ("grid", "A", None),
        ("span", None, None),
    ):
        with pytest.raises(InputError):
            check_target(kind, document, code)


@pytest.mark.parametrize(
    ("kind", "target", "named"),
    [
        ("document", {"document_id": "ghost"}, "ghost"),
        ("code", {"code_id": "ghost-code"}, "ghost-code"),
        ("grid", {"document_id": "A", "code_id": "ghost-code"}, "ghost-code"),
    ],
)
def test_a_memo_on_an_unknown_document_or_code_is_refused_and_nothing_written(
    small_project: Path, kind: str, target: dict[str, str], named: str
) -> None:
    before = database_fingerprint(small_project)
    with Project.open(small_project) as project:
        with pytest.raises(InputError, match=named):
            project.memos.add("ann", kind, "text", **target)
    assert database_fingerprint(small_project) == before


def test_a_memo_of_200000_characters_is_accepted_and_found(small_project: Path) -> None:
    text = ("Wage deduction goes to the state.\n\n" * 6000)[:200_000]
    with Project.open(small_project) as project:
        memo = _add(project, text=text)
        assert project.memos.get(memo.id).text == text
        assert project.memos.search("the state") == [memo]


@pytest.mark.parametrize("text", ["", "  \n", "a\x1bb", "a\x00", "a\x85"])
def test_an_empty_memo_or_one_with_control_characters_is_refused(small_project: Path, text: str) -> None:
    with Project.open(small_project) as project:
        with pytest.raises(InputError) as refused:
            project.memos.add("ann", "project", text)
        assert "\n" not in str(refused.value)
        assert list(project.memos.all()) == []


def test_line_ends_become_lf_and_tabs_stay(small_project: Path) -> None:
    with Project.open(small_project) as project:
        assert _add(project, text="a\r\n\tb\rc").text == "a\n\tb\nc"


def test_search_folds_case_and_diacritics_and_takes_no_fts_syntax(small_project: Path) -> None:
    with Project.open(small_project) as project:
        memo = _add(project, text="Le salaire est réduit de moitié.")
        _add(project, text="Nothing here.")
        assert project.memos.search("REDUIT") == [memo]
        assert project.memos.search('moitie" OR "nothing') == []
        assert project.memos.search("   ") == []


def test_each_memo_action_is_undone_and_redone(small_project: Path) -> None:
    with Project.open(small_project) as project:
        memo = _add(project, text="first")
        project.memos.edit("ann", memo.id, "second")
        edited = project.memos.get(memo.id)
        project.memos.remove("ann", memo.id)
        assert project.memos.find(memo.id) is None

        project.history.undo("ann")  # the removal
        assert project.memos.get(memo.id) == edited
        project.history.undo("ann")  # the edit
        assert project.memos.get(memo.id) == memo
        assert project.memos.search("second") == []
        project.history.undo("ann")  # the addition
        assert project.memos.find(memo.id) is None and project.memos.search("first") == []

        project.history.redo("ann")
        assert project.memos.get(memo.id) == memo
        project.history.redo("ann")
        assert project.memos.get(memo.id) == edited
        assert project.memos.search("second") == [edited]
        project.history.redo("ann")
        assert project.memos.find(memo.id) is None
        assert list(check_database(project.db)) == []


def test_another_authors_memo_is_changed_only_when_its_author_is_named(small_project: Path) -> None:
    with Project.open(small_project) as project:
        memo = _add(project, author="ann")
        with pytest.raises(InputError, match="--owner ann"):
            project.memos.edit("bob", memo.id, "mine now")
        with pytest.raises(InputError, match="--owner ann"):
            project.memos.remove("bob", memo.id)
        project.memos.edit("bob", memo.id, "edited by the lead", owner="ann")
        changed = project.memos.get(memo.id)
        assert (changed.author, changed.text) == ("ann", "edited by the lead")
        project.history.undo("bob")
        assert project.memos.get(memo.id) == memo


def test_an_unknown_memo_is_refused(small_project: Path) -> None:
    with Project.open(small_project) as project:
        with pytest.raises(InputError, match="no memo"):
            project.memos.edit("ann", "nope", "x")
        with pytest.raises(InputError, match="no memo"):
            project.memos.get("nope")


def test_span_memos_are_listed_beside_the_others(small_project: Path) -> None:
    with Project.open(small_project) as project:
        span = project.spans.add("ann", "A", "bribery", 38, 67)
        project.spans.set_memo("ann", span.id, "chosen by bribe")
        [listed] = project.memos.span_memos(code_id="bribery")
        assert (listed.kind, listed.span_id, listed.document_id, listed.author, listed.text) == (
            "span",
            span.id,
            "A",
            "ann",
            "chosen by bribe",
        )
        assert project.memos.span_memos(document_id="B") == []


def test_an_older_project_gets_the_memos_table_when_opened(small_project: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(small_project)
    conn.execute("DROP TABLE memos")
    conn.execute("DROP TABLE memo_words")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_memos'")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Project.open(small_project) as project:
        assert _add(project).text == "Wages *vanish*."


def test_a_documents_memos_follow_its_rename_and_go_with_its_removal_undoably(small_project: Path) -> None:
    with Project.open(small_project) as project:
        on_b = _add(project, kind="document", document_id="B")
        cell = _add(project, kind="grid", document_id="B", code_id="bribery")
        project.documents.rename("ann", "B", "B2")
        assert [(memo.id, memo.document_id) for memo in project.memos.of("document") + project.memos.of("grid")] == [
            (on_b.id, "B2"),
            (cell.id, "B2"),
        ]
        project.documents.remove("ann", "B2")
        assert list(project.memos.all()) == []
        project.history.undo("ann")
        project.history.undo("ann")
        assert [memo.id for memo in project.memos.of("document", "B")] == [on_b.id]
        assert project.memos.get(cell.id) == cell


def test_a_codes_memos_follow_its_merge_and_go_with_its_deletion_undoably(small_project: Path) -> None:
    with Project.open(small_project) as project:
        on_code = _add(project, code_id="informants")
        cell = _add(project, kind="grid", document_id="A", code_id="informants")
        project.codes.merge("ann", "informants", "surveillance")
        assert [(memo.id, memo.code_id) for memo in project.memos.of("code") + project.memos.of("grid")] == [
            (on_code.id, "surveillance"),
            (cell.id, "surveillance"),
        ]
        project.history.undo("ann")
        assert list(project.memos.all()) == [on_code, cell]
        project.codes.delete("ann", "informants")
        assert list(project.memos.all()) == []
        project.history.undo("ann")
        assert list(project.memos.all()) == [on_code, cell]


def test_check_finds_a_memo_index_edited_by_hand_and_repair_rebuilds_it(small_project: Path, run_cli) -> None:
    with Project.open(small_project) as project:
        kept = _add(project, kind="code", code_id="bribery", text="Bribes are paid twice.")
        _add(project, kind="project", text="Plan: wages first.")
        changed = _add(project, kind="document", document_id="A", text="A trusts nobody.")
    conn = sqlite3.connect(small_project)
    with conn:
        conn.execute("DROP TRIGGER memo_words_update")  # a hand edit with the trigger off
        conn.execute("UPDATE memos SET text = 'Changed by hand.' WHERE id = ?", [changed.id])
        conn.execute("DELETE FROM memo_words WHERE memo_id = ?", [kept.id])
    conn.close()
    result = run_cli("--db", small_project, "check")
    assert result.exit_code != 0
    index_lines = sorted(line for line in result.stdout.splitlines() if line.startswith("text index"))
    assert index_lines == sorted(
        [
            f"text index: memo_words memo {changed.id}: differs from the memos table; rebuild with "
            "`annotator check --repair-totals`",
            f"text index: memo_words memo {kept.id}: is missing; rebuild with `annotator check --repair-totals`",
        ]
    )
    assert run_cli("--db", small_project, "check", "--repair-totals").exit_code == 0
    with Project.open(small_project, readonly=True) as project:
        assert [memo.id for memo in project.memos.search("bribes")] == [kept.id]
        assert [memo.id for memo in project.memos.search("hand")] == [changed.id]
