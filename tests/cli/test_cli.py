"""The command line: init, import, import-spans, export csv, and one clear line for every bad input."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support import SMALL_TEXTS, database_fingerprint
from tests.support.cli import CODEBOOK, HEADER


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_init_loads_corpus_and_codebook(project_db: Path) -> None:
    with Project.open(project_db) as project:
        assert [d.id for d in project.documents.all()] == ["A", "B"]
        assert [c.id for c in project.codes.all()] == ["bribery", "wage-deduction"]
    assert stat.S_IMODE(os.stat(project_db).st_mode) == 0o600


def test_init_refuses_an_existing_database(run_cli, project_db: Path, corpus: Path) -> None:
    before = database_fingerprint(project_db)
    result = run_cli("init", "--corpus", corpus, "--db", project_db)
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"annotator: {project_db}: already exists; a project is never overwritten (use another --db path)"
    )
    assert database_fingerprint(project_db) == before


def test_init_with_a_bad_codebook_creates_nothing(run_cli, corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CODEBOOK.replace('"#d62728"', "crimson"), encoding="utf-8")
    result = run_cli("init", "--corpus", corpus, "--codebook", bad, "--db", tmp_path / "new.db")
    assert result.exit_code == 1
    assert f"{bad}:9: codes[1].colour: a colour is written #RRGGBB" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "new.db").exists()


def test_init_with_a_corpus_coding_that_fails_leaves_no_file(run_cli, corpus: Path, tmp_path: Path) -> None:
    (corpus / "corpus.json").write_text('{"codings": ["coding.csv"]}', encoding="utf-8")
    write_csv(corpus / "coding.csv", [HEADER, ["A", "report", "no-such-code", 0, 4]])
    result = run_cli("init", "--corpus", corpus, "--codebook", tmp_path / "codebook.yaml", "--db", tmp_path / "new.db")
    assert result.exit_code == 1
    assert "coding.csv:2: code: no code 'no-such-code'" in result.stderr
    assert not (tmp_path / "new.db").exists()


def test_export_import_export_round_trip(run_cli, project_db: Path, tmp_path: Path) -> None:
    spans = write_csv(
        tmp_path / "spans.csv",
        [
            [*HEADER, "memo", "text"],
            ["A", "ann", "bribery", 39, 45, 'she said "bribe", twice\nsee B', "e paid"],
            ["A", "bob", "wage-deduction", 0, 36, "", ""],
            ["B", "ann", "bribery", 0, 28, "", ""],
        ],
    )
    assert run_cli("import-spans", spans, "--db", project_db).exit_code == 0
    first = tmp_path / "first.csv"
    assert run_cli("export", "csv", "--db", project_db, "-o", first).exit_code == 0

    fresh = tmp_path / "fresh.db"
    assert (
        run_cli(
            "init", "--corpus", tmp_path / "corpus", "--codebook", tmp_path / "codebook.yaml", "--db", fresh
        ).exit_code
        == 0
    )
    assert run_cli("import-spans", first, "--db", fresh).exit_code == 0
    second = tmp_path / "second.csv"
    assert run_cli("export", "csv", "--db", fresh, "-o", second).exit_code == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    rows = list(csv.DictReader(first.open(encoding="utf-8")))
    assert len(rows) == 3
    memo_row = next(row for row in rows if row["document"] == "A" and row["coder"] == "ann")
    assert memo_row["memo"] == 'she said "bribe", twice\nsee B'
    assert [row["start"] for row in rows] == ["0", "39", "0"]  # document order, then offset
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600

    # Importing the same export again changes nothing: rows are keyed by span id.
    result = run_cli("import-spans", first, "--db", fresh)
    assert "imported 0 span(s)" in result.stdout and "3 already present, skipped" in result.stdout


def test_export_goes_under_exports_by_default(run_cli, project_db: Path, tmp_path: Path) -> None:
    result = run_cli("export", "csv", "--db", project_db)
    assert result.exit_code == 0
    assert (tmp_path / "exports" / "p-spans.csv").exists()


def test_export_csv_has_document_attributes(run_cli, tmp_path: Path) -> None:
    result = run_cli("init", "--db", tmp_path / "bundled.db")
    assert result.exit_code == 0, result.stderr
    run_cli("export", "csv", "--db", tmp_path / "bundled.db", "-o", tmp_path / "out.csv")
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert rows and {"attribute:gender", "attribute:country", "attribute:occupation"} <= set(rows[0])
    assert {row["coder"] for row in rows} == {"report"}


BAD_SPAN_FILES = [
    (
        "unknown document",
        [HEADER, ["Z", "ann", "bribery", 0, 4]],
        ":2: document: no document 'Z' in the project; import it first",
    ),
    (
        "unknown code",
        [HEADER, ["A", "ann", "bribery", 0, 4], ["A", "ann", "nope", 0, 4]],
        ":3: code: no code 'nope' in the codebook; add it there, or pass --add-codes",
    ),
    (
        "offset past the end",
        [HEADER, ["A", "ann", "bribery", 0, 4000]],
        f":2: end: offset 4000 is past the end of document 'A' ({len(SMALL_TEXTS['A'])} characters)",
    ),
    ("start >= end", [HEADER, ["A", "ann", "bribery", 9, 9]], ":2: start: start 9 must be less than end 9"),
    ("negative", [HEADER, ["A", "ann", "bribery", -2, 9]], ":2: start: offset -2 is negative"),
    (
        "not a number",
        [HEADER, ["A", "ann", "bribery", "ten", 9]],
        ":2: start: a 3-character value is not a whole number written with the digits 0-9 only",
    ),
    (
        "text mismatch",
        [[*HEADER, "text"], ["A", "ann", "bribery", 0, 4, "That"]],
        ":2: text: does not match the document at 0-4 (the row's text has 4 characters; compare it with the document, or leave the column empty)",
    ),
    (
        "missing column",
        [["document", "coder", "code", "start"], ["A", "ann", "bribery", 0]],
        ":1: missing column(s) end; the header needs document, coder, code, start, end",
    ),
]


@pytest.mark.parametrize(("label", "rows", "message"), BAD_SPAN_FILES, ids=[case[0] for case in BAD_SPAN_FILES])
def test_bad_span_file_is_refused_whole(
    run_cli, project_db: Path, tmp_path: Path, label: str, rows, message: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", rows)
    before = database_fingerprint(project_db)
    result = run_cli("import-spans", path, "--db", project_db)
    assert result.exit_code == 1
    assert result.stderr == f"annotator: {path}{message}\n"
    assert database_fingerprint(project_db) == before


def test_multi_line_cells_report_the_line_the_row_starts_on(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [[*HEADER, "memo"], ["A", "ann", "bribery", 0, 4, "one\ntwo\nthree"], ["A", "ann", "x", 0, 4, ""]],
    )
    result = run_cli("import-spans", path, "--db", project_db)
    assert f"{path}:5: code: no code 'x'" in result.stderr


def test_a_corpus_coding_and_a_reference_import_are_recorded_as_reference_codings(
    run_cli, corpus: Path, tmp_path: Path
) -> None:
    (corpus / "corpus.json").write_text('{"codings": ["coding.csv"]}', encoding="utf-8")
    write_csv(corpus / "coding.csv", [HEADER, ["A", "gold", "bribery", 0, 4]])
    db = tmp_path / "new.db"
    assert run_cli("init", "--corpus", corpus, "--codebook", tmp_path / "codebook.yaml", "--db", db).exit_code == 0
    with Project.open(db) as project:
        assert project.coders.references() == {"gold"}
    path = write_csv(tmp_path / "more.csv", [HEADER, ["A", "ann", "bribery", 0, 4], ["B", "expert", "bribery", 0, 4]])
    assert run_cli("import-spans", path, "--db", db).exit_code == 0  # people, by default
    path = write_csv(tmp_path / "expert.csv", [HEADER, ["A", "expert", "bribery", 5, 9]])
    assert run_cli("import-spans", path, "--reference", "--db", db).exit_code == 0
    with Project.open(db) as project:
        assert project.coders.references() == {"expert", "gold"}


def test_add_codes_creates_missing_codes(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "new.csv",
        [HEADER, ["A", "ann", "Fear of repatriation", 0, 4], ["B", "ann", "Fear of repatriation", 0, 6]],
    )
    result = run_cli("import-spans", path, "--add-codes", "--db", project_db)
    assert result.exit_code == 0, result.stderr
    with Project.open(project_db) as project:
        assert project.codes.get("fear-of-repatriation").name == "Fear of repatriation"
        assert len(project.spans.select(code_id="fear-of-repatriation")) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.txt", "Caf\xe9 testimony".encode("latin-1"), ":1: is not UTF-8 text (byte 0xe9 at offset 3)"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", ": is a binary file, not UTF-8 text"),
        ("notes.pdf", b"%PDF-1.4", ": is not a document type annotator reads"),
        ("broken.docx", b"not a zip", ": is not a readable Word (.docx) file"),
    ],
)
def test_bad_document_files_are_refused(
    run_cli, project_db: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "C.txt"
    good.write_text("fine", encoding="utf-8")
    before = database_fingerprint(project_db)
    result = run_cli("import", good, path, "--db", project_db)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"annotator: {path}{message}")
    assert database_fingerprint(project_db) == before


@pytest.mark.parametrize("command", ["import-spans", "import"])
def test_missing_file(run_cli, project_db: Path, tmp_path: Path, command: str) -> None:
    before = database_fingerprint(project_db)
    result = run_cli(command, tmp_path / "nowhere.txt", "--db", project_db)
    assert result.exit_code == 1
    assert result.stderr == f"annotator: {tmp_path / 'nowhere.txt'}: no such file; check the path\n"
    assert database_fingerprint(project_db) == before


def test_import_documents_crlf_and_bom(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "C.txt"
    path.write_bytes("\ufeffline one\r\nline two\r\n".encode("utf-8"))
    assert run_cli("import", path, "--db", project_db).exit_code == 0
    with Project.open(project_db) as project:
        assert project.documents.get("C").text == "line one\nline two\n"
    again = run_cli("import", path, "--db", project_db)
    assert again.exit_code == 1 and "document 'C' already exists" in again.stderr


def test_import_a_word_file(run_cli, project_db: Path, tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("First answer.")
    word.add_paragraph("Second answer.")
    word.save(tmp_path / "W.docx")
    assert run_cli("import", tmp_path / "W.docx", "--db", project_db).exit_code == 0
    with Project.open(project_db) as project:
        assert project.documents.get("W").text == "First answer.\n\nSecond answer."


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"just text, not sqlite", "is not an annotator project (not a SQLite database)"), (None, "no project here")],
)
def test_not_a_project(run_cli, tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "other.db"
    if content is not None:
        path.write_bytes(content)
    spans = write_csv(tmp_path / "s.csv", [HEADER, ["A", "ann", "bribery", 0, 4]])
    result = run_cli("import-spans", spans, "--db", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"annotator: {path}: {message}")
    assert (path.read_bytes() == content) if content is not None else not path.exists()


def test_a_foreign_sqlite_database_is_left_alone(run_cli, tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = database_fingerprint(path)
    result = run_cli("status", "--db", path)
    assert result.stderr == f"annotator: {path}: is a SQLite database but not an annotator project\n"
    assert database_fingerprint(path) == before


def test_codebook_check(run_cli, tmp_path: Path) -> None:
    good = tmp_path / "cb.yaml"
    good.write_text(CODEBOOK, encoding="utf-8")
    result = run_cli("codebook", "check", good)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{good}: 'small', 2 codes (0 with a parent), 1 keyed")
    bad = tmp_path / "bad.yaml"
    bad.write_text(CODEBOOK.replace('key: "1"', "key: one"), encoding="utf-8")
    result = run_cli("codebook", "check", bad)
    assert result.exit_code == 1
    assert result.stderr == f"annotator: {bad}:5: codes[0].key: a key is one digit, 0 to 9 (got 'one')\n"


def test_codebook_export_includes_in_vivo_codes(run_cli, project_db: Path, tmp_path: Path) -> None:
    with Project.open(project_db) as project:
        project.codes.create("Debt bondage", coder="ann")
    out = tmp_path / "cb-out.yaml"
    assert run_cli("codebook", "export", "--db", project_db, "-o", out).exit_code == 0
    assert run_cli("codebook", "check", out).exit_code == 0
    assert "id: debt-bondage" in out.read_text(encoding="utf-8")


def test_db_and_coder_from_the_environment(
    run_cli, project_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_DB", str(project_db))
    monkeypatch.setenv("ANNOTATOR_CODER", "envcoder")
    path = write_csv(tmp_path / "s.csv", [["document", "code", "start", "end"], ["A", "bribery", 0, 4]])
    assert run_cli("import-spans", path).exit_code == 0
    with Project.open(project_db) as project:
        assert project.coders.with_spans() == ["envcoder"]


def test_two_processes_import_at_once(run_cli, project_db: Path, tmp_path: Path) -> None:
    files = []
    for coder in ("ann", "bob"):
        rows = [HEADER] + [["A", coder, "bribery", i % 40, i % 40 + 5] for i in range(1000)]
        files.append(write_csv(tmp_path / f"{coder}.csv", rows))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "annotator", "import-spans", str(path), "--db", str(project_db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    outcomes = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outcomes
    with Project.open(project_db) as project:
        assert project.counts.spans() == 2000
        assert project.counts.spans("ann") == project.counts.spans("bob") == 1000


def test_the_module_runs_as_a_script(project_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "status", "--db", str(project_db)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2 documents, 2 codes" in result.stdout


def test_code_opens_the_screen_with_the_options(run_cli, project_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`annotator code` hands the database, the coder and its options to the TUI unchanged."""
    import annotator.tui

    opened: list[tuple] = []
    monkeypatch.setattr(annotator.tui, "run_app", lambda *args, **options: opened.append((args, options)))
    result = run_cli("code", "--db", project_db, "--coder", "lead", "--show-others", "--consensus", "agreed")
    assert result.exit_code == 0, result.output
    assert opened == [((project_db, "lead"), {"show_others": True, "consensus": "agreed"})]
