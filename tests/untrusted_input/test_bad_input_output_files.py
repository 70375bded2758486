"""Every command that writes a file refuses the same bad targets in one line and never leaves half a file.

A read-only file, a symbolic link, a read-only folder (also for root) and a full disk, for each
command with `-o FILE`; then `--excel` on every CSV a spreadsheet may open, and attribute names
that used to give the spans CSV a duplicate header.
"""

from __future__ import annotations

import csv
import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal, full_disk

# Each command that writes `-o FILE`, as typed after `annotator` (the file and --db are added).
WRITERS = {
    "export csv": ["export", "csv"],
    "export csv --excel": ["export", "csv", "--excel"],
    "export jsonl": ["export", "jsonl"],
    "export qdc": ["export", "qdc"],
    "export qdpx": ["export", "qdpx"],
    "codebook export": ["codebook", "export"],
    "matrix": ["matrix"],
    "matrix --format csv --excel": ["matrix", "--format", "csv", "--excel"],
    "cooccurrence": ["cooccurrence"],
    "agreement --format csv": ["agreement", "--format", "csv"],
    "agreement --format html": ["agreement", "--format", "html"],
    "agreement --format markdown": ["agreement", "--format", "markdown"],
    "agreement --format json": ["agreement", "--format", "json"],
    "disagreements --format csv": ["disagreements", "--format", "csv"],
    "documents attributes export": ["documents", "attributes", "export"],
    "backup": ["backup"],
    "packet": ["packet", "--coder", "zed"],
}
# These two never replace an existing file (a backup or packet is never overwritten).
NEVER_REPLACE = ("backup", "packet")  # a tuple: xdist workers must collect in one order


def command(name: str, db: Path, out: Path) -> list[object]:
    """The arguments of `annotator` writing `out` with command `name`."""
    return [*WRITERS[name], "--db", db, "-o", out]


@pytest.fixture
def coded_db(project_db: Path) -> Path:
    """The small project with two coders' spans (so agreement has something to compare) and attributes."""
    with Project.open(project_db) as project:
        project.spans.add("ann", "A", "bribery", 0, 10, "")
        project.spans.add("cho", "A", "bribery", 0, 12, "")
        project.spans.add("cho", "B", "wage-deduction", 2, 8, "")
        project.documents.set_attributes("lead", "A", {"country": "Russia"}, [])
    return project_db


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Files in `folder` other than `keep` (a temporary file left behind shows here)."""
    return sorted(path.name for path in folder.iterdir() if path.name not in keep)


@pytest.mark.parametrize("name", WRITERS)
def test_a_read_only_target_is_left_alone(run_cli, coded_db: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out" / "target"
    out.parent.mkdir()
    out.write_text("keep me", encoding="utf-8")
    out.chmod(0o400)
    assert_one_line_refusal(run_cli(*command(name, coded_db, out)), out)
    assert out.read_text(encoding="utf-8") == "keep me"
    assert stat.S_IMODE(out.stat().st_mode) == 0o400
    assert leftovers(out.parent, {"target"}) == []


@pytest.mark.parametrize("name", WRITERS)
def test_a_symbolic_link_is_neither_followed_nor_replaced(run_cli, coded_db: Path, tmp_path: Path, name: str) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's file", encoding="utf-8")
    out = tmp_path / "out" / "target"
    out.parent.mkdir()
    out.symlink_to(elsewhere)
    line = assert_one_line_refusal(run_cli(*command(name, coded_db, out)), out)
    assert "symbolic link" in line or name in NEVER_REPLACE
    assert out.is_symlink() and os.readlink(out) == str(elsewhere)
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file"
    assert leftovers(out.parent, {"target"}) == []


@pytest.mark.parametrize("name", NEVER_REPLACE)
def test_a_dangling_link_is_not_replaced_by_a_backup_or_packet(
    run_cli, coded_db: Path, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out" / "target.db"
    out.parent.mkdir()
    out.symlink_to(tmp_path / "nowhere.db")
    line = assert_one_line_refusal(run_cli(*command(name, coded_db, out)), out)
    assert line.endswith("is a symbolic link; it is left as it is (give the file it points to, or another -o FILE)")
    assert out.is_symlink() and not (tmp_path / "nowhere.db").exists()


@pytest.mark.parametrize("name", WRITERS)
def test_a_read_only_folder_is_refused_for_root_too(run_cli, coded_db: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir(mode=0o555)
    out = folder / "target"
    try:
        line = assert_one_line_refusal(run_cli(*command(name, coded_db, out)), out)
        assert line == f"annotator: {out}: the folder {folder} is read-only; give -o FILE elsewhere"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_init_refuses_a_read_only_folder_for_root_too(run_cli, corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir(mode=0o555)
    try:
        line = assert_one_line_refusal(run_cli("init", "--corpus", corpus, "--db", folder / "p.db"), folder / "p.db")
        assert line.endswith(f"the folder {folder} is read-only; create the project elsewhere")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("name", WRITERS)
def test_a_written_file_is_owner_only(run_cli, coded_db: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out" / "target"
    out.parent.mkdir()
    if name not in NEVER_REPLACE:  # an existing 0644 file is replaced by an owner-only one
        out.write_text("old", encoding="utf-8")
        out.chmod(0o644)
    result = run_cli(*command(name, coded_db, out))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes() != b"old"
    assert leftovers(out.parent, {"target"}) == []


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("mount") is None, reason="mounting a tmpfs needs root (see the next test)"
)
@pytest.mark.parametrize("name", WRITERS)
def test_a_full_disk_leaves_nothing_and_says_so_in_one_line(coded_db: Path, tmp_path: Path, name: str) -> None:
    with Project.open(coded_db) as project:
        # More than a write buffer of output, so the disk fills while the spans are still being read.
        for start in range(60):
            for length in range(1, 8):
                project.spans.add("ann", "A", "wage-deduction", start, start + length, "memo " * 10)
    folder = tmp_path / "full"
    with full_disk(folder):
        out = folder / "target"
        before = database_fingerprint(coded_db)
        run = subprocess.run(
            [sys.executable, "-m", "annotator", *map(str, command(name, coded_db, out))],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "ANNOTATOR_CODER": "tester"},
        )
        assert run.returncode == 1, run.stdout
        # One line naming the file: no traceback, no "Exception ignored in: <generator ...>" after it.
        assert run.stderr.count("\n") == 1 and "Exception" not in run.stderr, run.stderr
        assert run.stderr.startswith(f"annotator: {out}: cannot be written ("), run.stderr
        assert leftovers(folder, {"filler"}) == []
        assert database_fingerprint(coded_db) == before


@pytest.mark.parametrize("name", sorted(set(WRITERS) - set(NEVER_REPLACE)))
def test_a_full_disk_simulated_leaves_nothing(
    run_cli, coded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # Where no tmpfs can be mounted: the disk fills as the file is finished (SQLite's own writes,
    # backups and packets, cannot be made to fail this way; the test above covers them).
    def no_space(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    out = tmp_path / "out" / "target"
    out.parent.mkdir()
    line = assert_one_line_refusal(run_cli(*command(name, coded_db, out)), out)
    assert line == f"annotator: {out}: cannot be written (No space left on device); nothing was written"
    assert leftovers(out.parent, set()) == []


# --excel: every CSV a spreadsheet may open.

FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def formula_db(coded_db: Path) -> Path:
    """Document ids and attribute values a spreadsheet would run as formulas."""
    with Project.open(coded_db) as project:
        project.documents.rename("lead", "A", FORMULA)
        project.documents.set_attributes("lead", "B", {"country": "@SUM(1)", "region": "-2+3"}, [])
    return coded_db


def read_cells(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the byte-order mark to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def assert_no_formula(cells: list[list[str]]) -> None:
    bad = [cell for row in cells for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")]
    bad += [cell for row in cells for cell in row if cell.startswith("-") and not cell[1:].replace(".", "").isdigit()]
    assert bad == []


EXCEL_CSV = {
    "matrix": (["matrix", "--format", "csv", "--cols", "attribute:country"], "'@SUM(1)"),
    "matrix by document": (["matrix", "--format", "csv"], "'" + FORMULA),
    "agreement": (["agreement", "--format", "csv"], "'" + FORMULA),
    "attributes": (["documents", "attributes", "export"], "'-2+3"),
    "spans": (["export", "csv"], "'" + FORMULA),
}


@pytest.mark.parametrize("name", EXCEL_CSV)
def test_excel_csv_shows_formulas_as_text(run_cli, formula_db: Path, tmp_path: Path, name: str) -> None:
    args, escaped = EXCEL_CSV[name]
    out = tmp_path / "excel.csv"
    result = run_cli(*args, "--excel", "--db", formula_db, "-o", out)
    assert result.exit_code == 0, result.stderr
    cells = read_cells(out)
    assert escaped in {cell for row in cells for cell in row}
    assert_no_formula(cells)


@pytest.mark.parametrize("name", EXCEL_CSV)
def test_plain_csv_keeps_every_cell_exact(run_cli, formula_db: Path, tmp_path: Path, name: str) -> None:
    args, escaped = EXCEL_CSV[name]
    out = tmp_path / "plain.csv"
    assert run_cli(*args, "--db", formula_db, "-o", out).exit_code == 0
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8", newline="") as handle:
        assert escaped[1:] in {cell for row in csv.reader(handle) for cell in row}


def test_excel_keeps_figures_numbers(run_cli, formula_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    assert run_cli("agreement", "--format", "csv", "--excel", "--db", formula_db, "-o", out).exit_code == 0
    header, *rows = read_cells(out)
    values = [row[header.index("value")] for row in rows if row[header.index("value")]]
    assert values and all(float(value) == float(value) for value in values)  # no ' in front of a figure


def test_excel_with_a_format_that_is_not_csv_gives_one_line(run_cli, coded_db: Path) -> None:
    line = assert_one_line_refusal(run_cli("matrix", "--excel", "--db", coded_db), "--excel")
    assert line == "annotator: --excel applies to --format csv, not table"


# The spans CSV's attribute columns.


def test_attributes_named_like_columns_give_no_duplicate_header(run_cli, coded_db: Path, tmp_path: Path) -> None:
    with Project.open(coded_db) as project:
        project.documents.set_attributes("lead", "A", {"text": "t", "document_text": "dt", "Country": "C"}, [])
    out = tmp_path / "spans.csv"
    assert run_cli("export", "csv", "--db", coded_db, "-o", out).exit_code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert len(header) == len(set(header))
    assert {"text", "attribute:text", "attribute:document_text", "attribute:country", "attribute:Country"} <= set(
        header
    )
    before = database_fingerprint(coded_db)
    imported = run_cli("import-spans", "--db", coded_db, out)
    assert imported.exit_code == 0, imported.stderr
    assert database_fingerprint(coded_db) == before  # its own export: every row already there


def test_import_spans_reads_a_file_written_before_the_attribute_prefix(run_cli, coded_db: Path, tmp_path: Path) -> None:
    # What the old export wrote for attributes `text` and `document_text`: `document_text` twice.
    old = tmp_path / "old.csv"
    with old.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["document", "coder", "code", "start", "end", "memo", "country", "document_text", "document_text"]
        )
        writer.writerow(["A", "dee", "bribery", 0, 4, "", "Russia", "t", "dt"])
    result = run_cli("import-spans", "--db", coded_db, old)
    assert result.exit_code == 0, result.stderr
    with Project.open(coded_db) as project:
        assert [(span.coder, span.start, span.end) for span in project.spans.select() if span.coder == "dee"] == [
            ("dee", 0, 4)
        ]


def test_a_column_import_spans_reads_still_may_not_repeat(run_cli, coded_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("document,coder,code,start,end,start\nA,dee,bribery,0,4,1\n", encoding="utf-8")
    line = assert_one_line_refusal(run_cli("import-spans", "--db", coded_db, bad), bad)
    assert "column 'start' appears twice" in line


# The copy of a document handed to the editor.


def test_the_editor_gets_an_owner_only_copy(run_cli, coded_db: Path, tmp_path: Path, monkeypatch) -> None:
    seen = tmp_path / "seen"
    monkeypatch.setenv("EDITOR", f'sh -c \'stat -c %a "$1" > {seen}; stat -c %a "$(dirname "$1")" >> {seen}\' sh')
    monkeypatch.delenv("VISUAL", raising=False)
    result = run_cli("documents", "edit", "A", "--db", coded_db)
    assert result.exit_code == 0, result.stderr
    assert seen.read_text(encoding="utf-8").split() == ["600", "700"]


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="mounting a tmpfs needs root")
def test_an_editor_copy_on_a_full_disk_says_so_in_one_line(
    run_cli, coded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "full"
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    with full_disk(folder):
        # Set directly: TMPDIR would be passed over, since Python tries a write there first.
        monkeypatch.setattr(tempfile, "tempdir", str(folder))
        line = assert_one_line_refusal(run_cli("documents", "edit", "A", "--db", coded_db), folder)
        assert "cannot be written (No space left on device)" in line
        assert leftovers(folder, {"filler"}) == []
