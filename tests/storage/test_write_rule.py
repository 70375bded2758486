"""The write rule (docs/storage.md): every action reads what it changes inside its own write, and
history.record refuses a change whose `before` is no longer the stored row, naming who changed it."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.coding.editing import keep_edited_copy
from annotator.domain.codebook import dump_codebook, load_sync_file
from annotator.domain.errors import InputError
from annotator.storage import HistoryError, Project, pause
from annotator.storage.base import ConflictError
from annotator.storage.check import check_database
from annotator.storage.corrections import TextChangedMeanwhile, TextCorrections
from annotator.storage.entities import Change, read_state
from annotator.storage.spans import span_changes
from annotator.storage.workflows.codebook_sync import apply_sync, plan_sync

TEXT_A = "They took eighty percent of the wage. We paid a bribe to be chosen.\n\nThe manager watched us."


def _faults(project: Project) -> list[str]:
    return [str(fault) for fault in check_database(project.db)]


def _pause_with(monkeypatch: pytest.MonkeyPatch, name: str, meanwhile) -> None:
    """Run `meanwhile` (another handle's write) when the code under test reaches pause point `name`."""

    pending = [meanwhile]

    def point(reached: str) -> None:
        if reached == name and pending:
            pending.pop()()  # once: the other handle's own write passes the same point

    monkeypatch.setattr(pause, "point", point)


def test_record_runs_only_inside_a_write_transaction(small_project: Path) -> None:
    with Project.open(small_project) as project:
        with pytest.raises(RuntimeError, match="inside a write transaction"):
            project.history.record("ann", "add", [])
        assert project.history.events() == []


def test_record_refuses_a_stale_before_naming_the_row_and_who_changed_it(small_project: Path) -> None:
    with Project.open(small_project) as first, Project.open(small_project) as second:
        span = first.spans.add("ann", "A", "bribery", 38, 67)
        stale = first.spans.get(span.id)
        second.spans.recode("ann", span.id, "wage-deduction")  # another window, after `stale` was read
        events = first.history.events()
        with pytest.raises(ConflictError) as refused, first.transaction():
            first.history.record("ann", "memo", span_changes([(stale, replace(stale, memo="late"))]))
        message = str(refused.value)
        assert message == f"span {span.id} was changed by ann (recode) after this action read it; nothing was written"
        assert "bribe" not in message  # never the testimony
        assert first.history.events() == events and first.spans.get(span.id).code_id == "wage-deduction"


def test_a_row_changed_twice_in_one_action_is_checked_against_the_earlier_step(small_project: Path) -> None:
    with Project.open(small_project) as project, project.transaction():
        before = read_state(project.db, "code", "bribery")
        assert before is not None
        middle, after = {**before, "key": None}, {**before, "key": "9"}
        project.history.record(
            "lead", "code-edit", [Change("code", "bribery", before, middle), Change("code", "bribery", middle, after)]
        )
        with pytest.raises(ConflictError, match="code 'bribery' was changed by lead \\(code-edit\\)"):
            project.history.record("lead", "code-edit", [Change("code", "bribery", before, middle)])


def test_a_correction_made_again_when_the_text_was_corrected_meanwhile(small_project: Path, monkeypatch) -> None:
    with Project.open(small_project) as lead, Project.open(small_project) as bob:
        span = lead.spans.add("ann", "A", "bribery", 38, 67)  # "We paid a bribe to be chosen."
        bob_text = "NOTE. " + TEXT_A
        _pause_with(monkeypatch, "replace-text", lambda: bob.documents.replace_text("bob", "A", bob_text))
        result = lead.documents.replace_text("lead", "A", "Preface. " + TEXT_A)  # diffed against the old text
        assert lead.documents.get("A").text == "Preface. " + TEXT_A
        moved = lead.spans.get(span.id)
        assert moved.text == "We paid a bribe to be chosen." and result.kept + result.moved == 1
        assert _faults(lead) == []


def test_an_editor_save_over_a_text_changed_meanwhile_writes_nothing(small_project: Path) -> None:
    with Project.open(small_project) as editor, Project.open(small_project) as bob:
        opened = editor.documents.get("A").text
        bob.documents.replace_text("bob", "A", "Bob's version.\n")
        events = editor.history.events()
        with pytest.raises(TextChangedMeanwhile) as refused:
            editor.documents.replace_text("lead", "A", "The lead's version.\n", expected_text=opened)
        assert (refused.value.by, refused.value.kind) == ("bob", "document-text")
        assert str(refused.value) == (
            "document 'A' was changed by bob (document-text) since the editor opened it; nothing was written"
        )
        assert editor.history.events() == events and editor.documents.get("A").text == "Bob's version.\n"


def test_the_kept_copy_is_owner_only_and_never_overwrites(tmp_path: Path) -> None:
    project = tmp_path / "study.db"
    first = keep_edited_copy(project, "A/1", "one")
    second = keep_edited_copy(project, "A/1", "two")
    assert first != second and first.parent == second.parent == tmp_path / "study-edits"
    assert (first.read_text(), second.read_text()) == ("one", "two")
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600 and stat.S_IMODE(os.stat(first.parent).st_mode) == 0o700
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "linked-edits").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError, match="not a folder"):
        keep_edited_copy(tmp_path / "linked.db", "A", "three")


def test_undo_and_redo_of_a_correction_carry_spans_coded_after_it(small_project: Path) -> None:
    with Project.open(small_project) as project:
        early = project.spans.add("ann", "A", "bribery", 38, 67)
        corrected = "A line the lead added.\n\n" + TEXT_A
        project.documents.replace_text("lead", "A", corrected)
        late = project.spans.add("bob", "A", "surveillance", corrected.index("The manager"), len(corrected))
        undone = project.history.undo("lead")
        assert undone is not None and undone.reverted_kind == "document-text"
        assert project.documents.get("A").text == TEXT_A
        assert project.spans.get(early.id).start == 38  # as the action left it: back exactly
        assert project.spans.get(late.id).text == "The manager watched us."  # coded since: carried across
        assert _faults(project) == [] and project.reviews.list("A") == []
        project.history.redo("lead")
        assert project.documents.get("A").text == corrected
        assert project.spans.get(late.id).text == "The manager watched us." and _faults(project) == []


def test_a_span_brought_back_by_undo_or_redo_is_carried_across_corrections_made_since(small_project: Path) -> None:
    """Found by the stress test (seed 102): undoing a removal after a correction put the span back at
    its old offsets, on other words, and `check` failed."""
    with Project.open(small_project) as project:
        removed = project.spans.add("ann", "A", "bribery", 38, 67)
        quote = removed.text
        project.spans.remove("ann", removed.id)
        project.documents.replace_text("lead", "A", "Sadly, " + TEXT_A)
        project.history.undo("ann")  # the removal is undone: the span comes back on its words
        back = project.spans.get(removed.id)
        assert (back.start, back.end, back.text) == (45, 74, quote)
        added = project.spans.add("ann", "A", "surveillance", 45, 74)
        project.history.undo("ann")  # the add is undone; redo brings it back after the next correction
        project.documents.replace_text("lead", "A", TEXT_A)
        project.history.redo("ann")
        again = project.spans.get(added.id)
        assert (again.start, again.end, again.text) == (38, 67, quote)
        assert _faults(project) == []
        project.spans.remove("ann", removed.id)
        project.documents.replace_text("lead", "A", TEXT_A[:30] + TEXT_A[70:])  # the words themselves go
        with pytest.raises(HistoryError, match="were corrected away since; nothing was written"):
            project.history.undo("ann")
        assert _faults(project) == []


def test_undo_of_a_correction_another_correction_followed_is_refused_naming_it(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.documents.replace_text("lead", "A", "One. " + TEXT_A)
        project.documents.replace_text("bob", "A", "Two. " + TEXT_A)
        with pytest.raises(HistoryError, match="cannot undo: document 'A' was changed by bob \\(document-text\\)"):
            project.history.undo("lead")


def test_the_correction_hook_sees_every_span_of_the_document(small_project: Path, monkeypatch) -> None:
    seen = []

    def extras(self, document_id, moves):
        seen.append((document_id, [(before["id"], before["start"], after["start"]) for before, after in moves]))
        return []

    monkeypatch.setattr(TextCorrections, "_correction_extras", extras)
    with Project.open(small_project) as project:
        moved = project.spans.add("ann", "A", "bribery", 38, 67)
        project.spans.add("ann", "B", "bribery", 0, 5)
        project.documents.replace_text("lead", "A", "X" + TEXT_A)
        project.history.undo("lead")
    assert seen == [("A", [(moved.id, 38, 39)]), ("A", [(moved.id, 39, 38)])]


def test_a_sync_planned_before_a_code_edit_is_refused(small_project: Path, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "codebook.yaml"
    with Project.open(small_project) as project:
        path.write_text(dump_codebook(project.codes.codebook()).replace("name: Surveillance", "name: Watching"))
        plan = plan_sync(project, load_sync_file(path), path)
        with Project.open(small_project) as other:
            _pause_with(monkeypatch, "codebook-sync", lambda: other.codes.edit("ann", "bribery", name="Bribes"))
            with pytest.raises(ConflictError, match="code 'bribery' was changed by ann \\(code-edit\\) since the sync"):
                apply_sync(project, plan, "lead")
        assert (
            project.codes.get("bribery").name == "Bribes" and project.codes.get("surveillance").name == "Surveillance"
        )


def test_undo_refused_when_a_name_it_restores_was_taken_meanwhile(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.codes.edit("ann", "bribery", name="Bribes")
        project.codes.edit("bob", "surveillance", name="Bribery")
        with pytest.raises(HistoryError, match="cannot undo: another row holds what it would restore since"):
            project.history.undo("ann")
        assert project.codes.get("bribery").name == "Bribes"
