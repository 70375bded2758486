"""Blind coding packets and merging them back: union of both coders, idempotent, conflicts reported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.exchange.packet import make_packet
from annotator.storage import Project, ProjectError
from annotator.storage.workflows.merge import MergeRefused, apply_merge, plan_merge
from tests.support import database_fingerprint as fingerprint


def packet_for(project_path: Path, coder: str, tmp_path: Path) -> Path:
    with Project.open(project_path) as project:
        return make_packet(project, tmp_path / f"packet-{coder}.db", coder).path


def merge(project_path: Path, packet_path: Path, coder: str = "lead"):
    with Project.open(project_path) as project, Project.open(packet_path) as packet:
        plan = plan_merge(project, packet)
        apply_merge(project, plan, coder=coder, source=packet_path.name)
    return plan


def test_a_packet_holds_documents_and_codebook_and_no_spans(coded_project: Path, tmp_path: Path) -> None:
    path = packet_for(coded_project, "cho", tmp_path)
    with Project.open(coded_project) as project, Project.open(path) as packet:
        assert packet.documents.all() == project.documents.all()
        assert packet.documents.guids() == project.documents.guids()
        assert packet.documents.passages() == project.documents.passages()
        assert packet.codes.all() == project.codes.all()
        assert packet.counts.spans() == 0 and packet.history.events() == []
        assert packet.coders.all() == ["cho"]
        assert packet.meta("packet_coder") == "cho"
    assert path.stat().st_mode & 0o077 == 0
    with Project.open(coded_project) as project, pytest.raises(AnnotatorError, match="already exists"):
        make_packet(project, path, "cho")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial file left


def code_packet(path: Path, coder: str, work) -> None:
    with Project.open(path) as packet:
        work(packet, coder)


def test_two_packets_coded_separately_merge_into_both_codings(coded_project: Path, tmp_path: Path) -> None:
    cho, dee = packet_for(coded_project, "cho", tmp_path), packet_for(coded_project, "dee", tmp_path)
    code_packet(
        cho, "cho", lambda p, c: (p.spans.add(c, "A", "bribery", 38, 67), p.spans.add(c, "B", "surveillance", 0, 28))
    )

    def dee_codes(packet: Project, coder: str) -> None:
        packet.spans.add(coder, "A", "wage-deduction", 0, 36, "dee's memo")
        wrong = packet.spans.add(coder, "C", "bribery", 0, 10)
        packet.spans.remove(coder, wrong.id)  # removed before merging: never shows up
        packet.history.undo(coder)
        packet.history.redo(coder)
        packet.coders.set_done(coder, "A")

    code_packet(dee, "dee", dee_codes)
    before = {span.id for span in Project.open(coded_project).spans.select()}
    first, second = merge(coded_project, cho), merge(coded_project, dee)
    assert (len(first.added), len(second.added), first.conflicts, second.conflicts) == (2, 1, [], [])
    with Project.open(coded_project) as project:
        spans = project.spans.select()
        assert {span.id for span in spans} > before
        assert sorted(
            (s.coder, s.document_id, s.code_id, s.start, s.end) for s in spans if s.coder in ("cho", "dee")
        ) == [
            ("cho", "A", "bribery", 38, 67),
            ("cho", "B", "surveillance", 0, 28),
            ("dee", "A", "wage-deduction", 0, 36),
        ]
        assert project.coders.done_documents("dee") == {"A"}
        # the packets' events came back with them, and each merge left one entry
        kinds = [event.kind for event in project.history.events(coder="dee")]
        assert kinds == ["add", "add", "remove", "undo", "redo", "done"]
        assert [event.kind for event in project.history.events(coder="lead")] == ["merge", "merge"]
        assert set(project.coders.all()) >= {"cho", "dee"}
        assert project.coders.guids()["cho"] == Project.open(cho).coders.guids()["cho"]


def test_merging_the_same_packet_twice_changes_nothing(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    code_packet(
        cho,
        "cho",
        lambda p, c: (
            p.spans.add(c, "A", "bribery", 38, 67),
            p.codes.create("Fear", coder=c),
            p.spans.add(c, "B", "fear", 0, 6),
        ),
    )
    merge(coded_project, cho)
    after_first = fingerprint(coded_project)
    plan = merge(coded_project, cho)
    assert fingerprint(coded_project) == after_first
    assert not plan.changes_anything and plan.in_step == 2
    with Project.open(coded_project) as project:
        assert project.codes.get("fear").name == "Fear"


def test_later_work_in_a_packet_moves_forward_on_the_next_merge(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    with Project.open(cho) as packet:
        kept = packet.spans.add("cho", "A", "bribery", 38, 67)
        dropped = packet.spans.add("cho", "B", "surveillance", 0, 28)
    merge(coded_project, cho)
    with Project.open(cho) as packet:
        packet.spans.resize("cho", kept.id, 38, 53)
        packet.spans.remove("cho", dropped.id)
        packet.spans.add("cho", "C", "bribery", 3, 11)
    plan = merge(coded_project, cho)
    assert (len(plan.added), len(plan.changed), len(plan.removed), plan.conflicts) == (1, 1, 1, [])
    with Project.open(coded_project) as project:
        mine = sorted((s.document_id, s.start, s.end, s.text) for s in project.spans.select(coder="cho"))
    assert mine == [("A", 38, 53, "We paid a bribe"), ("C", 3, 11, "uncoded ")]


def test_a_conflicting_change_is_reported_not_overwritten(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    with Project.open(cho) as packet:
        span = packet.spans.add("cho", "A", "bribery", 38, 67)
    merge(coded_project, cho)
    with Project.open(coded_project) as project:  # the lead recodes the span here ...
        project.spans.recode("cho", span.id, "wage-deduction")
        project.spans.add("ann", "C", "bribery", 0, 5)
    with Project.open(cho) as packet:  # ... while the coder widens it there, and codes on
        packet.spans.resize("cho", span.id, 30, 67)
        packet.spans.add("cho", "B", "surveillance", 0, 28)
    plan = merge(coded_project, cho)
    assert [conflict.span_id for conflict in plan.conflicts] == [span.id]
    assert "was changed here and in the packet; kept here: wage-deduction 38-67; packet has: bribery 30-67" in (
        plan.conflicts[0].describe()
    )
    assert len(plan.added) == 1  # the rest still comes in
    with Project.open(coded_project) as project:
        assert (project.spans.get(span.id).code_id, project.spans.get(span.id).start) == ("wage-deduction", 38)
    settled = fingerprint(coded_project)
    again = merge(coded_project, cho)
    assert [conflict.span_id for conflict in again.conflicts] == [span.id]
    assert fingerprint(coded_project) == settled


def test_a_span_removed_here_after_a_merge_stays_removed(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    with Project.open(cho) as packet:
        span = packet.spans.add("cho", "A", "bribery", 38, 67)
    merge(coded_project, cho)
    with Project.open(coded_project) as project:
        project.spans.remove("cho", span.id)
    plan = merge(coded_project, cho)
    assert not plan.added and not plan.conflicts
    with Project.open(coded_project) as project:
        assert project.spans.select(coder="cho") == []


def test_a_packet_of_other_document_texts_is_refused_naming_them(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    conn = sqlite3.connect(cho)
    conn.execute("UPDATE documents SET text = 'changed', content_hash = 'x' WHERE id IN ('B', 'C')")
    conn.commit()
    conn.close()
    before = fingerprint(coded_project)
    with pytest.raises(MergeRefused, match=r"documents differ: B \(text differs\), C \(text differs\)"):
        merge(coded_project, cho)
    assert fingerprint(coded_project) == before


def test_an_incompatible_codebook_is_refused_naming_the_codes(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    conn = sqlite3.connect(cho)
    conn.execute("UPDATE codes SET guid = 'OTHER-GUID' WHERE id = 'bribery'")
    conn.execute(
        "INSERT INTO codes (id, name, colour, guid, position, created_at) VALUES ('bribe', 'BRIBERY 2', '#000000', 'G2', 99, 'now')"
    )
    conn.execute("UPDATE codes SET name = 'Watching' WHERE id = 'surveillance'")  # a rename is no difference
    conn.execute(
        "INSERT INTO codes (id, name, colour, guid, position, created_at) VALUES ('graft', 'Surveillance', '#000000', 'G3', 99, 'now')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(MergeRefused) as caught:
        merge(coded_project, cho)
    message = str(caught.value)
    assert "codes differ: bribery (another code of the same id" in message
    assert "graft (its name 'Surveillance' is code surveillance here)" in message
    assert "bribe (" not in message  # a new code with a new name is an in-vivo code, not a difference
    assert "surveillance (" not in message


def test_a_packet_from_a_newer_schema_is_refused(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    conn = sqlite3.connect(cho)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ProjectError, match="newer annotator"):
        merge(coded_project, cho)


def test_a_project_cannot_merge_itself(coded_project: Path) -> None:
    with pytest.raises(MergeRefused, match="is this project itself"):
        merge(coded_project, coded_project)


def test_prefer_packet_settles_a_conflict_with_the_packets_version(coded_project: Path, tmp_path: Path) -> None:
    cho = packet_for(coded_project, "cho", tmp_path)
    with Project.open(cho) as packet:
        span = packet.spans.add("cho", "A", "bribery", 38, 67)
    merge(coded_project, cho)
    with Project.open(coded_project) as project:
        project.spans.set_memo("cho", span.id, "lead")
    with Project.open(cho) as packet:
        packet.spans.set_memo("cho", span.id, "coder")
    with Project.open(coded_project) as project, Project.open(cho) as packet:
        plan = plan_merge(project, packet, prefer="packet")
        apply_merge(project, plan, coder="lead", source="cho.db")
        assert project.spans.get(span.id).memo == "coder"
    assert plan.conflicts[0].taken and plan.summary()["conflicts"] == 0 and plan.summary()["settled"] == 1
    described = plan.conflicts[0].describe()
    assert "took the packet's: bribery 38-67; was here: bribery 38-67; the memos differ" in described
    assert "'coder'" not in described and "'lead'" not in described  # memos are testimony: never in a message
    settled = fingerprint(coded_project)
    assert not merge(coded_project, cho).changes_anything
    assert fingerprint(coded_project) == settled
