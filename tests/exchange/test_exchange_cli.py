"""The exchange commands end to end: export, import, matrix, cooccurrence, packet, merge; one line per error."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.exchange import reference


def one_line_error(result, text: str) -> None:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: ") and text in lines[0], result.stderr


def test_exports_go_to_exports_by_default(run_cli, coded_project: Path, tmp_path: Path) -> None:
    for fmt, suffix in (("qdpx", ".qdpx"), ("qdc", ".qdc"), ("jsonl", "-spans.jsonl")):
        result = run_cli("export", fmt, "--db", coded_project)
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / "exports" / f"coded{suffix}").exists()
    assert (
        "wrote 3 source(s), 5 code(s), 2 user(s), 8 selection(s) and 3 memo(s)"
        in run_cli("export", "qdpx", "--db", coded_project, "-o", tmp_path / "x.qdpx").stdout
    )
    lines = (tmp_path / "exports" / "coded-spans.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 and json.loads(lines[0])["document"] == "A"


def test_import_creates_a_project_from_a_qdpx_then_adds_to_it(run_cli, tmp_path: Path) -> None:
    demo = reference("demo.qdpx")[0]
    result = run_cli("import", demo, "--db", tmp_path / "new.db")
    assert result.exit_code == 0, result.stderr
    assert "created" in result.stdout and "205 span(s)" in result.stdout
    assert "annotator: note: code names used twice were made unique" in result.stderr
    again = run_cli("import", demo, "--db", tmp_path / "new.db")
    assert again.exit_code == 0 and "already present: 262 code(s), 2 document(s), 205 span(s)" in again.stdout


def test_import_qdc_into_a_new_project(run_cli, coded_project: Path, tmp_path: Path) -> None:
    run_cli("export", "qdc", "--db", coded_project, "-o", tmp_path / "book.qdc")
    result = run_cli("import", tmp_path / "book.qdc", "--db", tmp_path / "codes.db")
    assert result.exit_code == 0, result.stderr
    with Project.open(tmp_path / "codes.db") as project:
        assert len(project.codes.all()) == 5 and project.documents.all() == []


def test_bad_files_fail_in_one_line_and_create_nothing(run_cli, coded_project: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.qdc").write_text("<CodeBook><Codes>", encoding="utf-8")
    one_line_error(run_cli("import", tmp_path / "broken.qdc", "--db", tmp_path / "new.db"), "broken.qdc:1")
    with zipfile.ZipFile(tmp_path / "empty.qdpx", "w") as archive:
        archive.writestr("readme.txt", "nothing")
    one_line_error(run_cli("import", tmp_path / "empty.qdpx", "--db", tmp_path / "new.db"), "holds no project.qde")
    assert not (tmp_path / "new.db").exists()
    before = database_fingerprint(coded_project)
    one_line_error(run_cli("import", tmp_path / "empty.qdpx", "--db", coded_project), "holds no project.qde")
    assert database_fingerprint(coded_project) == before


def test_a_document_file_without_text_is_refused(run_cli, coded_project: Path, tmp_path: Path) -> None:
    before = database_fingerprint(coded_project)
    for name, content in (("empty.txt", ""), ("blank.md", " \n\n\t\n")):
        (tmp_path / name).write_text(content, encoding="utf-8")
        one_line_error(run_cli("import", tmp_path / name, "--db", coded_project), f"{name}: holds no text")
    assert database_fingerprint(coded_project) == before


def test_matrix_and_cooccurrence(run_cli, coded_project: Path, tmp_path: Path) -> None:
    result = run_cli("matrix", "--db", coded_project, "--cols", "attribute:country", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["code,China,Russia", "wage-deduction,1,2"]
    result = run_cli(
        "matrix",
        "--db",
        coded_project,
        "--coder",
        "bob",
        "--measure",
        "characters",
        "--hide-empty",
        "--format",
        "markdown",
    )
    assert result.stdout.splitlines()[0] == "| code | A | B |"
    result = run_cli(
        "cooccurrence", "--db", coded_project, "--hide-empty", "-o", tmp_path / "co.csv", "--format", "csv"
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "co.csv").read_text(encoding="utf-8").startswith("code,wage-deduction,bribery,surveillance")
    one_line_error(
        run_cli("matrix", "--db", coded_project, "--cols", "attribute:age"), "no document has an attribute 'age'"
    )


def test_packet_code_merge_walkthrough(run_cli, coded_project: Path, tmp_path: Path) -> None:
    result = run_cli("packet", "--db", coded_project, "--coder", "cho", "-o", tmp_path / "cho.db")
    assert result.exit_code == 0, result.stderr
    assert "no spans" in result.stdout
    with Project.open(tmp_path / "cho.db") as packet:
        span = packet.spans.add("cho", "A", "bribery", 38, 67)
    dry = run_cli("merge", tmp_path / "cho.db", "--db", coded_project, "--dry-run")
    assert "would merge" in dry.stdout and "1 span(s) added" in dry.stdout
    result = run_cli("merge", tmp_path / "cho.db", "--db", coded_project)
    assert result.exit_code == 0 and "1 span(s) added" in result.stdout
    again = run_cli("merge", tmp_path / "cho.db", "--db", coded_project)
    assert again.exit_code == 0 and "0 span(s) added, 0 changed, 0 removed" in again.stdout
    # a conflicting change: reported on stderr, exit status 2, this project's version kept
    with Project.open(coded_project) as project:
        project.spans.set_memo("cho", span.id, "lead's note")
    with Project.open(tmp_path / "cho.db") as packet:
        packet.spans.set_memo("cho", span.id, "coder's note")
    conflict = run_cli("merge", tmp_path / "cho.db", "--db", coded_project)
    assert conflict.exit_code == 2
    assert f"annotator: conflict: span {span.id}" in conflict.stderr and "1 conflict(s)" in conflict.stdout
    with Project.open(coded_project) as project:
        assert project.spans.get(span.id).memo == "lead's note"
    one_line_error(
        run_cli("packet", "--db", coded_project, "--coder", "cho", "-o", tmp_path / "cho.db"), "already exists"
    )
    one_line_error(run_cli("merge", tmp_path / "nope.db", "--db", coded_project), "no such packet file")


def test_merge_refusals_are_one_line_and_write_nothing(run_cli, coded_project: Path, tmp_path: Path) -> None:
    run_cli("packet", "--db", coded_project, "--coder", "cho", "-o", tmp_path / "other.db")
    run_cli("packet", "--db", coded_project, "--coder", "cho", "-o", tmp_path / "newer.db")
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("UPDATE documents SET text = 'x', content_hash = 'x' WHERE id = 'B'")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(tmp_path / "newer.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = database_fingerprint(coded_project)
    one_line_error(run_cli("merge", tmp_path / "other.db", "--db", coded_project), "documents differ: B (text differs)")
    one_line_error(run_cli("merge", tmp_path / "newer.db", "--db", coded_project), "was written by a newer annotator")
    assert database_fingerprint(coded_project) == before
