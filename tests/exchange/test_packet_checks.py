"""`annotator merge` trusts nothing a packet says about itself: texts re-hashed, every incoming span checked.

Each refusal is one line naming the packet (and the document, span or event by id), exit status 1,
no testimony text in the message, and the project unchanged (a dump before and after).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.exchange import TEXTS, coded_packet

TESTIMONY = ("eighty percent", "paid a bribe", "Nobody could leave", "state takes most", "watched", "forged", "secret")


@pytest.fixture
def packet(run_cli, coded_project: Path, tmp_path: Path) -> Path:
    """A packet for coder cho, in which cho coded one span of A (bribery 38-67)."""
    return coded_packet(run_cli, coded_project, tmp_path)


def tamper(path: Path, *statements: str, parameters: tuple = ()) -> None:
    """Edit a packet by hand, as anyone with an SQLite browser could (foreign keys off, as by default)."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement, parameters if "?" in statement else ())
    conn.commit()
    conn.close()


def refused(run_cli, project: Path, packet: Path, *needles: str) -> str:
    """Merging is refused with one line naming the packet and every needle; the project is unchanged."""
    before = database_fingerprint(project)
    result = run_cli("merge", packet, "--db", project)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: "), result.stderr
    assert "Traceback" not in result.stderr and str(packet) in lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    for quote in TESTIMONY:
        assert quote not in lines[0], quote
    assert database_fingerprint(project) == before
    return lines[0]


def only_span_id(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id FROM spans").fetchone()[0]
    finally:
        conn.close()


def test_a_changed_text_under_the_old_hash_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    """The hash column says nothing changed; the text says otherwise, and the text wins."""
    tamper(packet, "UPDATE documents SET text = ? WHERE id = 'B'", parameters=(TEXTS["B"].replace("leave", "forged"),))
    refused(run_cli, coded_project, packet, "documents differ: B (text differs; its stored hash says otherwise)")


def test_a_span_ending_past_its_document_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    span_id = only_span_id(packet)
    tamper(packet, f"UPDATE spans SET end_offset = 9999 WHERE id = '{span_id}'")
    refused(run_cli, coded_project, packet, f"span {span_id}", "offsets 38-9999", "document 'A'")


def test_a_span_whose_text_is_not_the_slice_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    span_id = only_span_id(packet)
    tamper(packet, f"UPDATE spans SET text = 'forged words' WHERE id = '{span_id}'")
    refused(run_cli, coded_project, packet, f"span {span_id}", "text does not match document 'A' at 38-67")


def test_a_span_of_an_unknown_code_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    span_id = only_span_id(packet)
    tamper(packet, f"UPDATE spans SET code_id = 'ghost' WHERE id = '{span_id}'")
    refused(run_cli, coded_project, packet, f"span {span_id}", "code 'ghost'")


def test_a_span_by_an_unusable_coder_name_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    span_id = only_span_id(packet)
    tamper(packet, f"UPDATE spans SET coder = 'cho,dee' WHERE id = '{span_id}'")
    refused(run_cli, coded_project, packet, f"span {span_id}", "coder")


def test_an_unusable_coder_name_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    tamper(packet, "INSERT INTO coders (name, guid, created_at) VALUES ('x,y', 'G-X', 'now')")
    refused(run_cli, coded_project, packet, "coder 'x,y' is not usable")


def test_an_event_that_would_undo_into_a_bad_span_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    """An undo after the merge writes an event's state as it is, so the states are checked too."""
    conn = sqlite3.connect(packet)
    event_id, after = conn.execute("SELECT id, after FROM events WHERE entity = 'span'").fetchone()
    conn.close()
    state = json.loads(after)
    tamper(
        packet,
        "DROP TRIGGER events_append_only_update",
        "UPDATE events SET after = ? WHERE id = ?",
        parameters=(json.dumps({**state, "end": 9999}), event_id),
    )
    refused(run_cli, coded_project, packet, f"events row {event_id}", "offsets 38-9999")


def test_a_file_that_is_no_project_is_one_line(run_cli, coded_project: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    other.write_text("These are not coded spans.\n" * 50, encoding="utf-8")
    refused(run_cli, coded_project, other)


def test_the_packet_is_opened_read_only(
    run_cli, coded_project: Path, packet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The packet is opened for reading only (a read-only packet file works), and merging writes nothing to it."""
    opened: list[tuple[Path, bool]] = []
    real_open = Project.open.__func__  # type: ignore[attr-defined]

    def spying_open(cls, path, *, readonly: bool = False):
        opened.append((Path(path), readonly))
        return real_open(cls, path, readonly=readonly)

    monkeypatch.setattr(Project, "open", classmethod(spying_open))
    before = database_fingerprint(packet)
    os.chmod(packet, stat.S_IRUSR)
    try:
        result = run_cli("merge", packet, "--db", coded_project)
        assert result.exit_code == 0, result.stderr
        assert "1 span(s) added" in result.stdout
    finally:
        os.chmod(packet, stat.S_IRUSR | stat.S_IWUSR)
    assert (packet, True) in opened and (packet, False) not in opened
    assert database_fingerprint(packet) == before


def test_a_conflict_names_ids_never_memos(run_cli, coded_project: Path, packet: Path) -> None:
    span_id = only_span_id(packet)
    assert run_cli("merge", packet, "--db", coded_project).exit_code == 0
    with Project.open(coded_project) as project:
        project.spans.set_memo("cho", span_id, "lead's secret note")
    with Project.open(packet) as opened:
        opened.spans.set_memo("cho", span_id, "cho's secret note")
    result = run_cli("merge", packet, "--db", coded_project)
    assert result.exit_code == 2
    assert f"span {span_id}" in result.stderr and "memos differ" in result.stderr
    assert "secret" not in result.stderr and "paid a bribe" not in result.stderr


def test_a_done_mark_of_an_unknown_document_is_refused(run_cli, coded_project: Path, packet: Path) -> None:
    tamper(packet, "INSERT INTO progress (coder, document_id, done, updated_at) VALUES ('cho', 'Z', 1, 'now')")
    refused(run_cli, coded_project, packet, "done mark", "document 'Z'")
