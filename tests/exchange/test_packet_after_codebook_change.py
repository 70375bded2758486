"""A packet made before the codebook changed: renames merge as they are, merged or deleted codes
are never brought back, and spans on them are refused naming the code (never silently mis-coded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.exchange.packet import make_packet
from annotator.storage import Project
from annotator.storage.workflows.merge import MergeRefused, apply_merge, plan_merge
from tests.support import database_fingerprint


def _packet_with_a_span(project_path: Path, tmp_path: Path, code: str | None) -> Path:
    packet_path = tmp_path / "cho.db"
    with Project.open(project_path) as project:
        make_packet(project, packet_path, "cho")
    if code is not None:
        with Project.open(packet_path) as packet:
            packet.spans.add("cho", "A", code, 0, 4)
    return packet_path


def test_a_packet_using_a_code_merged_here_since_is_refused_naming_it(small_project: Path, tmp_path: Path) -> None:
    packet_path = _packet_with_a_span(small_project, tmp_path, "bribery")
    with Project.open(small_project) as project:
        project.codes.merge("lead", "bribery", "wage-deduction")
    before = database_fingerprint(small_project)
    with Project.open(small_project) as project, Project.open(packet_path, readonly=True) as packet:
        with pytest.raises(MergeRefused, match=r"bribery \(merged into wage-deduction here since the packet was made"):
            plan_merge(project, packet)
    assert database_fingerprint(small_project) == before


def test_an_unused_code_deleted_here_is_not_brought_back(small_project: Path, tmp_path: Path) -> None:
    packet_path = _packet_with_a_span(small_project, tmp_path, "wage-deduction")
    with Project.open(small_project) as project:
        project.codes.delete("lead", "informants")
    with Project.open(small_project) as project, Project.open(packet_path, readonly=True) as packet:
        plan = plan_merge(project, packet)
        assert plan.new_codes == []
        apply_merge(project, plan, coder="lead", source=str(packet_path))
        assert "informants" not in {code.id for code in project.codes.all()}
        assert [span.code_id for span in project.spans.select(coder="cho")] == ["wage-deduction"]


def test_a_rename_here_merges_the_packet_by_code_id(small_project: Path, tmp_path: Path) -> None:
    packet_path = _packet_with_a_span(small_project, tmp_path, "bribery")
    with Project.open(small_project) as project:
        project.codes.edit("lead", "bribery", name="Bribes paid")
    with Project.open(small_project) as project, Project.open(packet_path, readonly=True) as packet:
        plan = plan_merge(project, packet)
        apply_merge(project, plan, coder="lead", source=str(packet_path))
        assert [span.code_id for span in project.spans.select(coder="cho")] == ["bribery"]
        assert {code.id: code.name for code in project.codes.all()}["bribery"] == "Bribes paid"


def test_after_the_merge_is_undone_the_packet_merges_again(small_project: Path, tmp_path: Path) -> None:
    packet_path = _packet_with_a_span(small_project, tmp_path, "bribery")
    with Project.open(small_project) as project:
        project.codes.merge("lead", "bribery", "wage-deduction")
        project.history.undo("lead")
    with Project.open(small_project) as project, Project.open(packet_path, readonly=True) as packet:
        assert plan_merge(project, packet).added
