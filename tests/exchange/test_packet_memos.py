"""Memos in packets: the packet coder's memo actions merge as theirs (undoable here); a forged memo row
in the packet's log is refused by the memo store's own check of a row, naming the row; nothing merged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.exchange.test_packet_forgeries import refused
from tests.support import database_fingerprint
from tests.support.exchange import plant


def test_the_packet_coders_memos_merge_as_their_own_actions(run_cli, coded_project: Path, packet: Path) -> None:
    with Project.open(packet) as opened:
        on_a = opened.memos.add("cho", "document", "A hesitates here.", document_id="A").detail["memo"]
        on_fear = opened.memos.add("cho", "code", "Fear: my own code", code_id="fear").detail["memo"]
        cell = opened.memos.add("cho", "grid", "A: paid", document_id="A", code_id="bribery").detail["memo"]
        opened.memos.edit("cho", on_a, "A hesitates, then answers.")
        opened.memos.remove("cho", cell)
        theirs = list(opened.memos.all())
    result = run_cli("merge", packet, "--db", coded_project)
    assert result.exit_code == 0, result.stderr
    with Project.open(coded_project) as project:
        assert list(project.memos.all()) == theirs
        assert [memo.id for memo in theirs] == [on_a, on_fear]
    again = database_fingerprint(coded_project)
    assert run_cli("merge", packet, "--db", coded_project).exit_code == 0
    assert database_fingerprint(coded_project) == again
    # cho's history here is theirs: the last memo action (the removal of the cell's memo) undoes first
    assert (
        run_cli("undo", "--db", coded_project, "--coder", "cho").stdout
        == "undone: removing the grid memo on A × bribery\n"
    )
    with Project.open(coded_project) as project:
        assert project.memos.get(cell).text == "A: paid"


def _memo_state(**change: object) -> dict[str, object]:
    state: dict[str, object] = {
        "id": "0123456789abcdef0123456789abcdef",
        "kind": "document",
        "document_id": "A",
        "code_id": None,
        "author": "cho",
        "text": "a memo",
        "created_at": "2026-12-07T10:00:00.000+00:00",
        "updated_at": "2026-12-07T10:00:00.000+00:00",
    }
    state.update(change)
    return state


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"author": "ann"}, "another author than the packet's coder"),
        ({"document_id": "Z"}, "no document 'Z'"),
        ({"kind": "grid"}, "a grid memo is on a document and a code"),
        ({"kind": "code", "document_id": None, "code_id": "ghost"}, "no code 'ghost'"),
        ({"text": "ring \u0007"}, "U+0007"),
        ({"text": 7}, "a value is not text"),
        ({"sneaky": "x"}, "not columns of memos"),
        ({"id": "ffffffffffffffffffffffffffffffff"}, "its id is not 32 hex digits naming the row"),
    ],
)
def test_a_forged_memo_row_is_refused_naming_the_row(
    run_cli, coded_project: Path, packet: Path, change: dict[str, object], needle: str
) -> None:
    state = _memo_state(**change)
    row = plant(
        packet,
        coder="cho",
        kind="memo-add",
        entity="memo",
        entity_id="0123456789abcdef0123456789abcdef",
        after=json.dumps(state),
    )
    refused(run_cli, coded_project, packet, f"events row {row}", needle)


def _leads_memo(project_path: Path) -> str:
    """The id of a memo ann writes in the lead's project."""
    with Project.open(project_path) as project:
        return str(project.memos.add("ann", "document", "the lead's memo", document_id="A").detail["memo"])


def test_a_packet_may_not_edit_a_memo_it_did_not_write_nor_take_over_one_here(
    run_cli, coded_project: Path, packet: Path
) -> None:
    memo_id = _leads_memo(coded_project)
    state = _memo_state(id=memo_id, text="overwritten")
    row = plant(
        packet,
        coder="cho",
        kind="memo-edit",
        entity="memo",
        entity_id=memo_id,
        before=json.dumps(_memo_state(id=memo_id)),
        after=json.dumps(state),
    )
    refused(run_cli, coded_project, packet, f"events row {row}", "did not write in this packet")


def test_a_packet_memo_whose_id_is_a_memo_of_another_author_here_is_refused(
    run_cli, coded_project: Path, packet: Path
) -> None:
    memo_id = _leads_memo(coded_project)
    after = json.dumps(_memo_state(id=memo_id))
    plant(packet, coder="cho", kind="memo-add", entity="memo", entity_id=memo_id, after=after)
    refused(run_cli, coded_project, packet, f"memo {memo_id}", "another author than the packet's ('cho')")
