"""Random packets, made by mutating a valid packet's rows, either merge exactly what a coder may do
or are refused whole; a refused merge never changes the project (`annotator merge` as a lead runs it).

Fixed examples in CI (the `ci` Hypothesis profile); `make fuzz` runs long random ones."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import event, given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.domain.models import Span
from annotator.exchange.packet import make_packet
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.exchange import build_coded_project
from tests.support.hypothesis_profiles import examples

CODER = "cho"
# The packet's rows a mutation may change, by table: the columns it may set.
COLUMNS = {
    "events": ("coder", "kind", "entity", "entity_id", "span_id", "before", "after", "reverts", "batch", "detail"),
    "spans": ("coder", "code_id", "document_id", "start_offset", "end_offset", "text", "id"),
    "progress": ("coder", "document_id", "done"),
    "codes": ("id", "name", "parent_id", "colour", "origin", "guid"),
    "coders": ("name",),
    "project": ("value",),
}
HOSTILE = (
    "ann",
    "tester",
    "report",
    CODER,
    "document",
    "code",
    "meta",
    "passage",
    "coder",
    "ghost",
    "add",
    "remove",
    "undo",
    "document-text",
    "code-edit",
    "{not json",
    "null",
    "[]",
    "{}",
    "bribery",
    "fear",
    "A",
    "Z",
    "../../x",
    "javascript:alert(1)",
    "N" * 300,
    "x\x1b[2J",
    0,
    1,
    -1,
    9999,
    None,
)
# Changes made inside a JSON state (an event's before or after) rather than to the whole column.
STATE_EDITS = (
    ("coder", "ann"),
    ("end", 9999),
    ("start", -1),
    ("document_id", "Z"),
    ("code_id", "ghost"),
    ("name) VALUES (?) --", "x"),
    ("text", "forged"),
    ("done", 7),
    ("id", "CORPUS"),
)

mutations = st.lists(
    st.tuples(
        st.sampled_from(sorted(COLUMNS)),
        st.integers(min_value=0, max_value=50),
        st.integers(min_value=0, max_value=20),
        st.one_of(
            st.sampled_from(HOSTILE).map(lambda value: ("set", value)),
            st.sampled_from(STATE_EDITS).map(lambda edit: ("edit", edit)),
        ),
    ),
    min_size=1,
    max_size=3,
)


@dataclass(frozen=True)
class Originals:
    """The files every example starts from (copied, never changed)."""

    project: Path  # the lead's project, with a corpus span (no events of its own)
    merged: Path  # the same after merging the packet once (the coder then went on coding)
    packet: Path  # cho's packet
    corpus_id: str


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> Originals:
    """A lead's project and cho's coded packet, before and after a first merge."""
    folder = tmp_path_factory.mktemp("mutations")
    project_path, merged_path, packet_path = folder / "lead.db", folder / "merged.db", folder / "cho.db"
    build_coded_project(project_path)
    with Project.open(project_path) as project:
        text = project.documents.get("C").text
        corpus = Span.from_state(
            {"id": "0" * 31 + "9", "document_id": "C", "code_id": "bribery", "coder": "report"}
            | {"start": 0, "end": 10, "text": text[0:10]},
            "2026-01-01T00:00:00.000+00:00",
        )
        project.spans.insert([corpus], coder="report", source="corpus")
        make_packet(project, packet_path, CODER)
    with Project.open(packet_path) as packet:
        kept = packet.spans.add(CODER, "A", "bribery", 38, 67)
        packet.spans.resize(CODER, kept.id, 38, 53)
        packet.spans.set_memo(CODER, kept.id, "a memo")
        packet.codes.create("Fear", coder=CODER)
        packet.spans.add(CODER, "B", "fear", 0, 6)
        dropped = packet.spans.add(CODER, "C", "bribery", 0, 10)
        packet.spans.remove(CODER, dropped.id)
        packet.history.undo(CODER)
    shutil.copy(project_path, merged_path)
    assert merge(merged_path, packet_path).exit_code == 0
    with Project.open(packet_path) as packet:  # the coder goes on coding after the first merge
        packet.spans.recode(CODER, dropped.id, "surveillance")
        packet.spans.resize(CODER, kept.id, 38, 60)
        packet.spans.add(CODER, "B", "bribery", 10, 20)
        packet.coders.set_done(CODER, "A")
    return Originals(project_path, merged_path, packet_path, corpus.id)


def merge(project: Path, packet: Path) -> Result:
    """`annotator merge PACKET` as the lead runs it."""
    return CliRunner().invoke(cli, ["merge", str(packet), "--db", str(project), "--coder", "lead"])


def mutate(path: Path, changes: list[tuple[str, int, int, tuple[str, Any]]], corpus_id: str) -> None:
    """Apply each mutation to a row of the packet by hand (triggers dropped, foreign keys off)."""
    conn = sqlite3.connect(path)
    try:
        for trigger in [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]:
            conn.execute(f'DROP TRIGGER "{trigger}"')
        for table, row_index, column_index, (how, what) in changes:
            rowids = [row[0] for row in conn.execute(f"SELECT rowid FROM {table} ORDER BY rowid")]
            if not rowids:
                continue
            rowid = rowids[row_index % len(rowids)]
            column = COLUMNS[table][column_index % len(COLUMNS[table])]
            if how == "edit":
                (current,) = conn.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", [rowid]).fetchone()
                try:
                    state = json.loads(current) if isinstance(current, str) else None
                except ValueError:
                    state = None
                if not isinstance(state, dict):
                    continue
                key, value = what
                state[key] = corpus_id if value == "CORPUS" else value
                what = json.dumps(state)
            try:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [what, rowid])
            except sqlite3.IntegrityError:
                continue  # the schema itself refuses it (NOT NULL, CHECK, UNIQUE): no packet can carry it
        conn.commit()
    finally:
        conn.close()


def snapshot(path: Path) -> dict[str, Any]:
    """What a packet coder may never change here: other coders' spans and done marks, the documents,
    passages and existing codes, and the log's rows by anyone but the coder and the merge."""
    conn = sqlite3.connect(path)
    try:
        return {
            "spans": conn.execute("SELECT * FROM spans WHERE coder != ? ORDER BY id", [CODER]).fetchall(),
            "progress": conn.execute("SELECT * FROM progress WHERE coder != ? ORDER BY 1, 2", [CODER]).fetchall(),
            "documents": conn.execute("SELECT * FROM documents ORDER BY id").fetchall(),
            "passages": conn.execute("SELECT * FROM passages ORDER BY id").fetchall(),
            "codes": conn.execute("SELECT * FROM codes WHERE origin != 'in-vivo' ORDER BY id").fetchall(),
            "events": conn.execute(
                "SELECT * FROM events WHERE coder != ? AND kind != 'merge' ORDER BY id", [CODER]
            ).fetchall(),
            "project": conn.execute("SELECT * FROM project ORDER BY key").fetchall(),
        }
    finally:
        conn.close()


@settings(max_examples=examples(60))
@given(changes=mutations, merged_before=st.booleans())
def test_a_mutated_packet_merges_only_what_its_coder_may_do_or_nothing(
    originals: Originals, changes: list[tuple[str, int, int, tuple[str, Any]]], merged_before: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project, packet = Path(folder) / "lead.db", Path(folder) / "cho.db"
        shutil.copy(originals.merged if merged_before else originals.project, project)
        shutil.copy(originals.packet, packet)
        mutate(packet, changes, originals.corpus_id)
        fingerprint, kept = database_fingerprint(project), snapshot(project)
        result = merge(project, packet)
        # a refusal or a conflict exits through SystemExit; any other exception is a traceback
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
        event(f"exit status {result.exit_code}")
        if result.exit_code == 1:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"annotator: {packet}: "), result.stderr
            assert database_fingerprint(project) == fingerprint
            return
        assert snapshot(project) == kept, "the merge changed what the packet's coder may not change"
        if not merged_before:  # a first merge brings the coder's spans exactly as the packet has them
            assert coder_spans(project) == coder_spans(packet)
        check = CliRunner().invoke(cli, ["check", "--db", str(project)])
        assert check.exit_code == 0, check.output
        again = database_fingerprint(project)
        assert merge(project, packet).exit_code == result.exit_code
        assert database_fingerprint(project) == again, "merging the same packet again changed the project"


def coder_spans(path: Path) -> list[dict[str, Any]]:
    """The packet coder's spans as events record them."""
    with Project.open(path, readonly=True) as project:
        return sorted((span.state() for span in project.spans.select(coder=CODER)), key=lambda state: state["id"])
