"""Forged packets, merged as a lead runs it (`annotator merge PACKET`): only the packet coder's own
actions merge; anything else refuses the whole packet in one line naming its table and row, and the
project is unchanged (a fingerprint of every row before and after)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.models import Span
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.exchange import plant

TESTIMONY = ("eighty percent", "paid a bribe", "Nobody could leave", "state takes most", "watched")


def execute(path: Path, statement: str, parameters: tuple = ()) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(statement, parameters)
        conn.commit()
    finally:
        conn.close()


def state_of(path: Path, entity: str, key: str) -> dict:
    """A row's state as an event records it (for spans `Span.state()`)."""
    with Project.open(path, readonly=True) as project:
        if entity == "span":
            return project.spans.get(key).state()
        from annotator.storage.entities import read_state

        found = read_state(project.db, entity, key)
        assert found is not None
        return found


def refused(run_cli, project: Path, packet: Path, *needles: str) -> str:
    """`annotator merge` is refused in one line naming the packet and every needle; nothing changed."""
    before = database_fingerprint(project)
    result = run_cli("merge", packet, "--db", project)
    lines = result.stderr.strip().splitlines()
    assert database_fingerprint(project) == before, "a refused merge changed the project"
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"annotator: {packet}: "), result.stderr
    assert lines[0].endswith("nothing was merged"), lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    for quote in TESTIMONY:
        assert quote not in lines[0]
    return lines[0]


def test_the_coded_packet_merges_as_its_coders_own_actions(run_cli, coded_project: Path, packet: Path) -> None:
    result = run_cli("merge", packet, "--db", coded_project)
    assert result.exit_code == 0, result.stderr
    assert "2 span(s) added" in result.stdout and "1 new code(s)" in result.stdout
    with Project.open(coded_project) as project:
        assert project.codes.get("fear").name == "Fear of reprisal"
    with Project.open(coded_project) as project, Project.open(packet, readonly=True) as opened:
        merged = [event for event in project.history.events() if event.coder == "cho"]
        theirs = opened.history.events()
        assert [event.kind for event in merged] == ["code-add", "add", "add", "done"]
        # each span action and done mark keeps its packet batch; the codes come as the packet has them
        assert {event.detail["packet_batch"] for event in merged[1:]} == {
            event.batch for event in theirs if event.entity != "code"
        }
    again = database_fingerprint(coded_project)
    assert run_cli("merge", packet, "--db", coded_project).exit_code == 0
    assert database_fingerprint(coded_project) == again
    # the coder's history here is theirs: undo takes back their done mark, then their last span
    for _ in range(2):
        assert run_cli("undo", "--db", coded_project, "--coder", "cho").exit_code == 0
    with Project.open(coded_project) as project:
        assert [span.code_id for span in project.spans.select(coder="cho")] == ["bribery"]
        assert project.coders.done_documents("cho") == set()


def test_an_action_attributed_to_another_coder_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    span = Span(id="0" * 31 + "1", document_id="C", code_id="bribery", coder="ann", start=0, end=10, text="")
    with Project.open(coded_project) as project:
        text = project.documents.get("C").text[0:10]
    state = {**span.state(), "text": text, "created_at": "2026-12-07T10:00:00.000+00:00"}
    row = plant(
        packet, coder="ann", kind="add", span_id=span.id, entity="span", entity_id=span.id, after=json.dumps(state)
    )
    refused(run_cli, coded_project, packet, f"events row {row}", "another coder than the packet's ('cho')")


@pytest.mark.parametrize(
    ("coder", "needle"),
    [pytest.param("tester", "another coder", id="as-the-lead"), pytest.param("cho", "'document' row", id="as-cho")],
)
def test_a_document_edit_is_refused(run_cli, coded_project: Path, packet: Path, coder: str, needle: str) -> None:
    """A correction of a document's text, whoever it is attributed to: the lead's next undo would write it."""
    current = state_of(coded_project, "document", "A")
    row = plant(
        packet,
        coder=coder,
        kind="document-text",
        entity="document",
        entity_id="A",
        before=json.dumps({**current, "text": "forged"}),
        after=json.dumps(current),
    )
    refused(run_cli, coded_project, packet, f"events row {row}", needle)


def test_an_edit_of_a_codebook_code_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    current = state_of(coded_project, "code", "bribery")
    row = plant(
        packet,
        coder="cho",
        kind="code-edit",
        entity="code",
        entity_id="bribery",
        before=json.dumps({**current, "name": "forged"}),
        after=json.dumps(current),
    )
    refused(run_cli, coded_project, packet, f"events row {row}", "code 'bribery', which is not an in-vivo code")


def test_an_unknown_entity_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    row = plant(packet, coder="cho", kind="add", entity="ghost", entity_id="x", after=json.dumps({"x": 1}))
    refused(run_cli, coded_project, packet, f"events row {row}", "'ghost' row")


def test_a_state_that_is_not_json_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    span_id = "0" * 31 + "2"
    row = plant(packet, coder="cho", kind="add", span_id=span_id, entity="span", entity_id=span_id, after="{not json")
    refused(run_cli, coded_project, packet, f"events row {row}", "after is not JSON")


def test_a_span_state_with_an_injected_column_name_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    span_id = "0" * 31 + "3"
    with Project.open(coded_project) as project:
        text = project.documents.get("C").text[0:10]
    state = {
        "id": span_id,
        "document_id": "C",
        "code_id": "bribery",
        "coder": "cho",
        "start": 0,
        "end": 10,
        "text": text,
        "memo) VALUES (?) --": "x",
    }
    row = plant(
        packet, coder="cho", kind="add", span_id=span_id, entity="span", entity_id=span_id, after=json.dumps(state)
    )
    refused(run_cli, coded_project, packet, f"events row {row}", "malformed state of span")


def test_removing_a_corpus_span_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    """A span imported with no events of its own (a corpus, `import-spans`, `.qdpx` span) is not the packet's to remove."""
    corpus = Span(id="0" * 31 + "4", document_id="C", code_id="bribery", coder="report", start=0, end=10, text="")
    with Project.open(coded_project) as project:
        corpus = Span.from_state({**corpus.state(), "text": project.documents.get("C").text[0:10]}, "2026-01-01")
        project.spans.insert([corpus], coder="report", source="corpus")
    for coder in ("report", "cho"):  # as the corpus says, and as if the packet's coder had made it
        state = {**corpus.state(), "coder": coder}
        row = plant(
            packet,
            coder="cho",
            kind="remove",
            span_id=corpus.id,
            entity="span",
            entity_id=corpus.id,
            before=json.dumps(state),
        )
        refused(run_cli, coded_project, packet, f"events row {row}")
        execute(packet, "DROP TRIGGER IF EXISTS events_append_only_delete")
        execute(packet, "DELETE FROM events WHERE id = ?", (row,))
    with Project.open(coded_project) as project:
        assert project.spans.get(corpus.id).coder == "report"


def test_a_span_row_of_another_coders_span_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    """A packet carrying a span of ann's, changed (a row with ann's id and no events), changes nothing here."""
    with Project.open(coded_project) as project:
        theirs = project.spans.select(coder="ann")[0]
    execute(packet, "INSERT OR IGNORE INTO coders (name, guid, created_at) VALUES ('ann', 'G-ANN', 'now')")
    execute(
        packet,
        "INSERT INTO spans (id, document_id, code_id, coder, start_offset, end_offset, text, memo, created_at, updated_at)"
        " VALUES (?, ?, 'informants', 'ann', ?, ?, ?, 'forged', 'now', 'now')",
        (theirs.id, theirs.document_id, theirs.start, theirs.end, theirs.text),
    )
    refused(run_cli, coded_project, packet, "ann")


@pytest.mark.parametrize(
    ("column", "value", "needle"),
    [
        pytest.param("colour", "javascript:alert(1)", "colour", id="colour"),
        pytest.param("id", "../../x", "id", id="path-id"),
        pytest.param("name", "N" * 10_000, "name", id="long-name"),
        pytest.param("name", "Fear\x1b[2J", "control", id="escape-in-name"),
        pytest.param("name", "Fear\u202e", "control", id="bidi-override-in-name"),
    ],
)
def test_a_bad_in_vivo_code_is_refused(
    run_cli,
    coded_project: Path,
    packet: Path,
    column: str,
    value: str,
    needle: str,
) -> None:
    execute(packet, "PRAGMA foreign_keys = OFF")
    conn = sqlite3.connect(packet)
    conn.execute(f"UPDATE codes SET {column} = ? WHERE id = 'fear'", (value,))
    if column == "id":
        conn.execute("UPDATE spans SET code_id = ? WHERE code_id = 'fear'", (value,))
    conn.commit()
    conn.close()
    refused(run_cli, coded_project, packet, "codes row", needle)


def test_in_vivo_codes_in_a_parent_cycle_are_refused(run_cli, coded_project: Path, packet: Path) -> None:
    execute(
        packet,
        "INSERT INTO codes (id, name, parent_id, colour, guid, position, origin, created_at)"
        " VALUES ('dread', 'Dread', 'fear', '#123456', 'G-DREAD', 99, 'in-vivo', 'now')",
    )
    execute(packet, "UPDATE codes SET parent_id = 'dread' WHERE id = 'fear'")
    refused(run_cli, coded_project, packet, "codes row", "cycle")


def test_a_done_mark_of_another_coder_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    after = {"coder": "ann", "document_id": "B", "done": 1, "updated_at": "2026-12-07T10:00:00.000+00:00"}
    row = plant(packet, coder="cho", kind="done", entity="progress", entity_id='["ann", "B"]', after=json.dumps(after))
    refused(run_cli, coded_project, packet, f"events row {row}", "done mark of another coder")


def test_a_span_taken_back_here_by_undo_is_a_conflict_when_the_packet_changes_it(
    run_cli, coded_project: Path, packet: Path
) -> None:
    """An undo here of a merged action copies its detail; it still counts as a change made here."""
    assert run_cli("merge", packet, "--db", coded_project).exit_code == 0
    for _ in range(2):  # cho, on the server, takes back the done mark and the span of B
        assert run_cli("undo", "--db", coded_project, "--coder", "cho").exit_code == 0
    with Project.open(packet) as opened:
        span = next(span for span in opened.spans.select(coder="cho") if span.document_id == "B")
        opened.spans.resize("cho", span.id, 0, 10)
    result = run_cli("merge", packet, "--db", coded_project)
    assert result.exit_code == 2 and f"span {span.id}" in result.stderr, (result.stdout, result.stderr)
    with Project.open(coded_project) as project:
        assert [s.document_id for s in project.spans.select(coder="cho")] == ["A"]
