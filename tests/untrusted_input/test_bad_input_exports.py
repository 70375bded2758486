"""Export destinations that cannot be written, and spreadsheet-safe CSV: one line, nothing half-written."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal

EXPORTS = [("csv", "-spans.csv"), ("jsonl", "-spans.jsonl"), ("qdc", ".qdc"), ("qdpx", ".qdpx")]


@pytest.mark.parametrize(("kind", "suffix"), EXPORTS)
def test_exports_being_a_file_gives_one_line(run_cli, project_db: Path, tmp_path: Path, kind: str, suffix: str) -> None:
    (tmp_path / "exports").write_text("not a folder", encoding="utf-8")
    before = database_fingerprint(project_db)
    line = assert_one_line_refusal(run_cli("export", kind, "--db", project_db), "exports")
    assert (
        line == "annotator: exports: is a file, so exports cannot go in a folder of that name; move it, or give -o FILE"
    )
    assert (tmp_path / "exports").read_text(encoding="utf-8") == "not a folder"
    assert database_fingerprint(project_db) == before


def test_a_read_only_exports_folder_gives_one_line(run_cli, project_db: Path, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir(mode=0o500)
    try:
        line = assert_one_line_refusal(run_cli("export", "csv", "--db", project_db), "exports")
        assert line == "annotator: exports/p-spans.csv: the folder exports is read-only; give -o FILE elsewhere"
        assert list(exports.iterdir()) == []
    finally:
        exports.chmod(0o700)


def test_an_exports_folder_that_cannot_be_created_gives_one_line(
    run_cli, project_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    line = assert_one_line_refusal(run_cli("export", "csv", "--db", project_db), "exports")
    assert line == "annotator: exports: the folder cannot be created (Permission denied); give -o FILE elsewhere"


def test_a_folder_the_system_refuses_gives_one_line(
    run_cli, project_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a non-root user meets in a folder they cannot write (root passes the mode check).
    create = os.open

    def refuse(path: str | Path, *args: int) -> int:
        if str(path).endswith(".partial"):
            raise PermissionError(13, "Permission denied")
        return create(path, *args)

    monkeypatch.setattr(os, "open", refuse)
    out = tmp_path / "out.csv"
    line = assert_one_line_refusal(run_cli("export", "csv", "--db", project_db, "-o", out), out)
    assert line == f"annotator: {out}: cannot be written (Permission denied); give -o FILE elsewhere"


@pytest.mark.parametrize(("kind", "suffix"), EXPORTS)
def test_a_read_only_output_file_is_left_alone(
    run_cli, project_db: Path, tmp_path: Path, kind: str, suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    out.write_text("keep me", encoding="utf-8")
    out.chmod(0o400)
    line = assert_one_line_refusal(run_cli("export", kind, "--db", project_db, "-o", out), out)
    assert line.endswith("is read-only; it is left as it is (give another -o FILE, or make it writable)")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_an_output_in_a_missing_folder_gives_one_line(run_cli, project_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "out.csv"
    assert_one_line_refusal(run_cli("export", "csv", "--db", project_db, "-o", out), out)


FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2 days", "@SUM(A1)", "\tindented", "\rreturn", "plain", "a=b"]


@pytest.fixture
def formula_project(project_db: Path) -> Path:
    with Project.open(project_db) as project:
        for index, memo in enumerate(FORMULAS):
            project.spans.add("ann", "A", "bribery", index, index + 3, memo)
    return project_db


def read_memos(path: Path, encoding: str) -> list[str]:
    with path.open(encoding=encoding, newline="") as handle:
        return [row["memo"] for row in csv.DictReader(handle)]


def test_excel_csv_prefixes_cells_a_spreadsheet_would_run(run_cli, formula_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    result = run_cli("export", "csv", "--excel", "--db", formula_project, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the mark to read UTF-8
    memos = read_memos(out, "utf-8-sig")
    assert sorted(memos) == sorted(["'" + memo if memo[0] in "=+-@\t\r" else memo for memo in FORMULAS])


def test_plain_csv_stays_byte_faithful(run_cli, formula_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "plain.csv"
    assert run_cli("export", "csv", "--db", formula_project, "-o", out).exit_code == 0
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(read_memos(out, "utf-8")) == sorted(FORMULAS)
    # ... and it imports back into a fresh copy unchanged.
    with Project.open(formula_project) as project:
        assert sorted(span.memo for span in project.spans.select()) == sorted(FORMULAS)


def test_excel_export_goes_to_its_own_default_file(run_cli, formula_project: Path, tmp_path: Path) -> None:
    assert run_cli("export", "csv", "--excel", "--db", formula_project).exit_code == 0
    assert (tmp_path / "exports" / "p-spans-excel.csv").exists()
    assert not (tmp_path / "exports" / "p-spans.csv").exists()
    assert os.stat(tmp_path / "exports" / "p-spans-excel.csv").st_mode & 0o077 == 0
