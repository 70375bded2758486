"""No SQL is built from data: a state key written as SQL goes through every door (a packet merge,
an undo and a redo of a forged event planted in a copy of the project) and the database is unchanged.

The payload closes the column list and runs a subquery that copies every coder's memos into a
code's name; the allow-list of columns per table (annotator/storage/entities.py) refuses it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.storage import Project
from annotator.storage.entities import TABLES, RowTable, read_state
from tests.support import database_fingerprint
from tests.support.exchange import plant


def injected(state: dict) -> dict:
    """`state` with its last column's key replaced by SQL that would copy the memos into the code's name."""
    *kept, last = state
    placeholders = ", ".join("?" for _ in state)
    key = (
        f"{last}) VALUES ({placeholders}) ON CONFLICT (id) DO UPDATE SET"
        " name = (SELECT group_concat(memo, ' | ') FROM spans) --"
    )
    return {**{name: state[name] for name in kept}, key: state[last]}


def code_state(path: Path, code_id: str) -> dict:
    with Project.open(path, readonly=True) as project:
        found = read_state(project.db, "code", code_id)
    assert found is not None
    return found


def one_line_and_unchanged(result, path: Path, before: str) -> str:
    assert database_fingerprint(path) == before, "the database changed"
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("annotator: "), result.stderr
    assert "memo" not in lines[0] and "SELECT" not in lines[0]
    return lines[0]


def test_through_a_packet(run_cli, coded_project: Path, packet: Path) -> None:
    """The packet's own in-vivo code 'fear', created again with the payload in its state."""
    current = code_state(packet, "fear")
    row = plant(
        packet,
        coder="cho",
        kind="code-add",
        entity="code",
        entity_id="fear",
        batch="0" * 32,
        after=json.dumps(injected(current)),
    )
    before = database_fingerprint(coded_project)
    line = one_line_and_unchanged(run_cli("merge", packet, "--db", coded_project), coded_project, before)
    assert f"events row {row}" in line and "nothing was merged" in line
    # and nothing is left for an undo to write: the lead's undo of cho has nothing to take back
    result = run_cli("undo", "--db", coded_project, "--coder", "cho")
    assert database_fingerprint(coded_project) == before, result.stderr


@pytest.mark.parametrize("door", ["undo", "redo"])
def test_through_an_undo_or_redo_of_a_forged_event(run_cli, coded_project: Path, tmp_path: Path, door: str) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(coded_project, copy)
    current = code_state(copy, "bribery")
    forged = json.dumps(injected(current))
    plain = json.dumps(current)
    if door == "undo":  # undo writes the action's `before`
        plant(copy, coder="lead", kind="code-edit", entity="code", entity_id="bribery", before=forged, after=plain)
    else:  # redo writes the undone action's `after`
        plant(copy, coder="lead", kind="code-edit", entity="code", entity_id="bribery", before=plain, after=forged)
        plant(
            copy,
            coder="lead",
            kind="undo",
            entity="code",
            entity_id="bribery",
            batch="1" * 32,
            reverts="f0rged0000000000000000000000000",
            before=forged,
            after=plain,
        )
    before = database_fingerprint(copy)
    line = one_line_and_unchanged(run_cli(door, "--db", copy, "--coder", "lead"), copy, before)
    assert "not columns of codes" in line and "nothing was written" in line
    assert code_state(copy, "bribery")["name"] == current["name"]


def test_each_tables_allow_list_is_its_schema(coded_project: Path) -> None:
    """The written-out column allow-lists name exactly each table's columns (a migration must update them)."""
    conn = sqlite3.connect(coded_project)
    try:
        for rows in TABLES.values():
            if isinstance(rows, RowTable):
                schema = tuple(row[1] for row in conn.execute(f"PRAGMA table_info({rows.name})"))
                assert rows.columns == schema, rows.name
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("entity", "state", "needle"),
    [
        pytest.param("ghost", {"id": "x"}, "a kind of row annotator does not know", id="unknown-entity"),
        pytest.param("code", {"id": "bribery", "name": ["a", "list"]}, "no single value for name", id="list-value"),
        pytest.param("span", {"id": "s", "end) VALUES (?) --": 1}, "fields spans do not have", id="span-field"),
    ],
)
def test_an_undo_of_a_state_that_is_no_row_is_one_line(
    run_cli,
    coded_project: Path,
    tmp_path: Path,
    entity: str,
    state: dict,
    needle: str,
) -> None:
    """An event planted by hand whose state is not a row of its table: the undo says so, writes nothing."""
    copy = tmp_path / "copy.db"
    shutil.copy(coded_project, copy)
    after = code_state(copy, "bribery") if entity == "code" else None  # an undo expects the row as the action left it
    plant(
        copy,
        coder="lead",
        kind="code-edit",
        entity=entity,
        entity_id=state["id"],
        before=json.dumps({**(after or {}), **state}),
        after=json.dumps(after) if after else None,
    )
    before = database_fingerprint(copy)
    line = one_line_and_unchanged(run_cli("undo", "--db", copy, "--coder", "lead"), copy, before)
    assert needle in line and "nothing was written" in line


def test_an_undo_of_a_state_that_is_not_json_is_one_line(run_cli, coded_project: Path, tmp_path: Path) -> None:
    """A state damaged by hand in the project's own log: the undo says so, writes nothing (it was a traceback)."""
    copy = tmp_path / "copy.db"
    shutil.copy(coded_project, copy)
    plant(copy, coder="lead", kind="code-edit", entity="code", entity_id="bribery", before="{not json", after=None)
    before = database_fingerprint(copy)
    line = one_line_and_unchanged(run_cli("undo", "--db", copy, "--coder", "lead"), copy, before)
    assert "holds a state that is not JSON" in line and "nothing was written" in line
